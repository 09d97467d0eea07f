"""Read a written sheet back: the text of an element found by id, and of a cell by its column."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class Element:
    def __init__(self, tag: str, attrs: dict[str, str], parent: Element | None):
        self.tag, self.attrs, self.parent = tag, attrs, parent
        self.children: list[Element | str] = []

    @property
    def text(self) -> str:
        return "".join(child if isinstance(child, str) else child.text for child in self.children)

    def iter(self):
        yield self
        for child in self.children:
            if isinstance(child, Element):
                yield from child.iter()

    def find(self, **attrs) -> Element:
        """The only element below this one whose attributes have these values (`class_` for class)."""
        wanted = {key.rstrip("_").replace("_", "-"): value for key, value in attrs.items()}
        found = [e for e in self.iter() if all(e.attrs.get(k) == v for k, v in wanted.items())]
        assert len(found) == 1, f"{len(found)} elements with {wanted}"
        return found[0]


class _Builder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = self.current = Element("#document", {}, None)

    def handle_starttag(self, tag, attrs):
        element = Element(tag, {name: value or "" for name, value in attrs}, self.current)
        self.current.children.append(element)
        if tag not in VOID:
            self.current = element

    def handle_endtag(self, tag):
        node = self.current
        while node.parent is not None and node.tag != tag:
            node = node.parent
        assert node.tag == tag, f"</{tag}> closes nothing"
        self.current = node.parent

    def handle_data(self, data):
        self.current.children.append(data)


def parse(path: Path) -> Element:
    builder = _Builder()
    builder.feed(path.read_text(encoding="utf-8"))
    builder.close()
    return builder.root


def cell_text(path: Path, row_id: str, column: str) -> str:
    """The text of one table cell, found by its row's id and its column's name, without its markers."""
    cell = parse(path).find(id=row_id).find(data_column=column)
    parts = [child if isinstance(child, str) else child.text for child in cell.children
             if isinstance(child, str) or not child.attrs.get("class", "").startswith(("badge", "refs"))]
    return "".join(parts).replace("\xa0", " ").strip()
