"""A synthetic content tree of any size, in the real content format, for measuring genpeds at scale.

The tree looks like content/ at a larger scale: six topics with their tag branches, a sources
registry, notes files of about a hundred notes each and data tables, with the real content's mix
(about three basic notes to one cloze, a third of the notes made by table rules) and its field
lengths and Markdown (bold in about a third of the fields, a few lists, long fields wrapped over
several lines). Texts are drawn at random from a seeded generator, so nearly every field is distinct
and a build renders each one: a benchmark must not be flattered by the render cache.

    tree = write_tree(Path("/tmp/synthetic"), notes=10_000)
    # /tmp/synthetic/content/… and /tmp/synthetic/decks/complete.yaml
"""

from __future__ import annotations

import random
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

TOPICS = (  # folder, deck, title, sub-tags
    ("vaccines", "Vaccines", "Childhood vaccine schedule",
     ("schedule", "hepb", "rotavirus", "mmr-varicella", "dtap-tdap", "hpv", "rsv", "contraindications")),
    ("milestones", "Developmental milestones", "Developmental milestones",
     ("gross-motor", "fine-motor", "language", "social", "reflexes", "red-flags", "screening")),
    ("jaundice", "Neonatal jaundice", "Neonatal jaundice",
     ("phototherapy", "exchange", "causes", "cholestasis", "risk-factors")),
    ("newborn-screening", "Newborn screening", "Newborn screening",
     ("metabolic", "endocrine", "hearing", "cchd", "follow-up")),
    ("chd", "Congenital heart disease", "Congenital heart disease",
     ("lesions", "cchd-screening", "ductal-dependent", "tetralogy", "pda", "kawasaki", "murmurs")),
    ("emergencies", "Pediatric emergencies", "Pediatric emergencies",
     ("pals", "respiratory", "sepsis", "dka", "toxicology", "surgical", "trauma")),
)
CROSS_TAGS = {
    "genpeds": "Root of every genpeds tag.",
    "genpeds::high-yield": "Facts that recur in exam questions and on the wards (a minority of cards).",
    "genpeds::red-flag": "Findings that demand prompt action or referral.",
    "genpeds::changed-guideline": "Guidance changed recently or bodies disagree.",
}
NOTES_PER_FILE = 100
ROWS_PER_TABLE = 100
TABLE_SHARE = 0.35  # share of notes made by table rules (two rules per table: basic and cloze)
SOURCES_PER_TOPIC = 12

AGES = ("Term newborn", "Preterm infant", "2-week-old", "6-week-old", "2-month-old", "4-month-old",
        "6-month-old", "9-month-old", "12-month-old", "15-month-old", "18-month-old", "2-year-old",
        "3-year-old", "4-year-old", "5-year-old", "7-year-old", "10-year-old", "12-year-old",
        "14-year-old", "16-year-old adolescent", "Ex-28-week infant", "Breastfed infant")
FINDINGS = ("fever", "lethargy", "poor feeding", "bilious vomiting", "jaundice", "a harsh systolic murmur",
            "cyanosis that worsens with crying", "tachypnea", "grunting", "intercostal retractions",
            "a bulging fontanelle", "petechiae", "hepatosplenomegaly", "pale stools", "dark urine",
            "a weak cry", "hypotonia", "a single palmar crease", "weak femoral pulses", "a gallop rhythm",
            "wheeze", "stridor at rest", "drooling", "a barking cough", "conjunctivitis", "a strawberry tongue",
            "cracked red lips", "desquamation of the fingertips", "a limp", "abdominal distension",
            "a sausage-shaped mass", "currant-jelly stools", "projectile vomiting", "an olive-shaped mass",
            "polyuria", "polydipsia", "Kussmaul breathing", "a fruity odor", "seizures", "apnea",
            "bradycardia", "hypoglycemia", "a rash on the palms and soles", "failure to thrive",
            "delayed speech", "loss of skills", "poor eye contact", "hand preference before 12 months",
            "persistent primitive reflexes", "an absent red reflex", "macrocephaly", "microcephaly",
            "a positive direct antiglobulin test", "a rising bilirubin", "an SpO₂ of 93% in the foot",
            "a capillary refill of 4 seconds", "mottled skin", "cold extremities", "hematuria", "edema")
QUESTIONS = ("what is the next step", "what is the most likely diagnosis", "which test confirms it",
             "what is the first-line treatment", "when should it be repeated", "what dose is given",
             "which vaccine is withheld", "what finding would change management", "when to refer",
             "which milestone is expected", "what is the classic chest X-ray sign",
             "which complication is feared", "how long is the minimum interval", "what is the threshold")
ANSWERS = ("Give IV fluids", "Start phototherapy", "Obtain an echocardiogram", "Refer to audiology",
           "Give IM epinephrine", "Start IVIG and high-dose aspirin", "Give prostaglandin E1",
           "Obtain a blood culture", "Start empiric ampicillin and gentamicin", "Check a fractionated bilirubin",
           "Repeat the screen in 1 hour", "Give the vaccine today", "Defer the live vaccine",
           "Observe and reassess", "Give nebulized racemic epinephrine", "Give oral dexamethasone",
           "Start insulin after fluids", "Obtain an abdominal ultrasound", "Perform an air enema",
           "Give adenosine as a rapid bolus", "Start chest compressions", "Give oxygen by mask",
           "Obtain a developmental evaluation", "Refer to early intervention", "Check thyroid function")
CLAUSES = ("the dose is weight-based", "the interval can be shortened in catch-up",
           "the finding is expected and benign", "the sign appears within hours", "most children recover fully",
           "the risk rises with prematurity", "it is an autosomal recessive disorder", "treatment is urgent",
           "the screen has a high negative predictive value", "the schedule changed recently",
           "AAP and CDC differ on timing", "the threshold depends on gestational age and age in hours",
           "the murmur is louder with the patient supine", "it resolves by school age",
           "the test is repeated after the series", "the response may be weak in immunodeficiency",
           "there is no maximum dose stated", "a second dose is given if the first fails",
           "it is a diagnosis of exclusion", "the child must be observed for at least 4 hours",
           "the family should be counseled", "coronary aneurysms are the feared complication",
           "the ductus closes within days of birth", "the pulse oximetry screen misses some lesions",
           "the checklist lists the age by which 75% of children have the skill")
NOUNS = ("hepatitis B", "rotavirus", "measles", "varicella", "pertussis", "RSV", "HPV", "Kawasaki disease",
         "tetralogy of Fallot", "transposition", "coarctation", "a VSD", "an ASD", "a PDA", "biliary atresia",
         "Crigler-Najjar syndrome", "G6PD deficiency", "congenital hypothyroidism", "PKU", "galactosemia",
         "cystic fibrosis", "sickle cell disease", "croup", "bronchiolitis", "epiglottitis", "DKA",
         "intussusception", "pyloric stenosis", "malrotation", "febrile infant", "iron ingestion",
         "acetaminophen ingestion", "a febrile seizure", "SVT", "anaphylaxis", "septic shock")
UNITS = ("hours", "days", "weeks", "months", "mg/kg", "mL/kg", "mg/dL", "%")


@dataclass(frozen=True)
class SyntheticTree:
    """Where the tree was written and how many notes `genpeds check` should count."""

    root: Path
    notes: int
    authored: int
    from_tables: int
    files: int

    @property
    def content(self) -> Path:
        return self.root / "content"

    @property
    def decks(self) -> Path:
        return self.root / "decks"


@dataclass
class SourcePool:
    """A topic's source ids and the ones its notes have cited so far."""

    ids: list[str]
    cited: set[str] = field(default_factory=set)


def write_tree(root: Path, notes: int, seed: int = 0) -> SyntheticTree:
    """Write content/ and decks/ under `root` holding exactly `notes` notes; the same seed gives the same tree."""
    rng = random.Random(seed)
    root = Path(root)
    content = root / "content"
    (content / "sources").mkdir(parents=True, exist_ok=True)
    (root / "decks").mkdir(parents=True, exist_ok=True)
    _write(content / "tags.yaml", "tags:\n" + "".join(f"  {tag}: {text}\n" for tag, text in CROSS_TAGS.items()))
    (root / "decks" / "complete.yaml").write_text(
        "title: genpeds — synthetic benchmark\n"
        "description: |\n  Every synthetic topic, generated to measure genpeds at scale.\n"
        "include: [genpeds]\nexclude: []\n", encoding="utf-8")
    sources = {name: SourcePool([f"{name}-source-{number}" for number in range(1, SOURCES_PER_TOPIC + 1)])
               for name, *_ in TOPICS}
    table_notes = 2 * round(notes * TABLE_SHARE / 2)
    authored = notes - table_notes
    files = 0
    used_questions: set[str] = set()
    for order, (name, deck, title, subtags) in enumerate(TOPICS, 1):
        folder = content / name
        folder.mkdir(exist_ok=True)
        tags = {f"genpeds::{name}": f"{title}."} | {f"genpeds::{name}::{sub}": f"{title}, {sub}." for sub in subtags}
        _write(folder / "topic.yaml",
               f"title: {title}\ndeck: {deck}\norder: {order}\ndescription: |\n"
               f"  Synthetic notes on {title.lower()}, written to measure genpeds at scale.\n"
               "tags:\n" + "".join(f"  {tag}: {text}\n" for tag, text in tags.items()))
        topic_sources = sources[name]
        topic_tags = [tag for tag in tags if tag.count("::") == 2]
        share = _share(authored, order - 1)
        for start in range(0, share, NOTES_PER_FILE):
            count = min(NOTES_PER_FILE, share - start)
            blocks = [_note(rng, f"{name}-n{start + i + 1}", topic_tags, topic_sources, used_questions)
                      for i in range(count)]
            _write(folder / f"notes-{start // NOTES_PER_FILE + 1:03d}.yaml",
                   f"# Synthetic {title.lower()} notes.\nnotes:\n" + "\n".join(blocks))
            files += 1
        rows_left = _share(table_notes // 2, order - 1)
        number = 0
        while rows_left:
            number += 1
            rows = min(ROWS_PER_TABLE, rows_left)
            rows_left -= rows
            _write(folder / f"table-{number:03d}.yaml",
                   _table(rng, f"{name}-t{number}", rows, topic_tags, topic_sources, used_questions))
            files += 1
        taught = sorted(path.name for path in folder.glob("*.yaml") if path.name != "topic.yaml")
        with (folder / "topic.yaml").open("a", encoding="utf-8") as topic_file:
            topic_file.write("teaching_order:\n" + "".join(f"  - {file_name}\n" for file_name in taught))
    _write_sources(content / "sources" / "synthetic.yaml", rng, sources)
    return SyntheticTree(root, notes, authored, table_notes, files)


def _share(total: int, index: int) -> int:
    """Topic `index`'s part of `total`, spread so the parts add up exactly."""
    return total // len(TOPICS) + (1 if index < total % len(TOPICS) else 0)


def _write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _field(key: str, text: str, indent: str) -> str:
    """A YAML key: a quoted scalar for one line, a literal block for several."""
    if "\n" not in text:
        return f"{indent}{key}: {_quoted(text)}\n"
    body = "".join(f"{indent}  {line}\n" if line else "\n" for line in text.split("\n"))
    return f"{indent}{key}: |\n{body}"


def _wrap(text: str, rng: random.Random) -> str:
    """About a third of long fields are wrapped over several lines, as contributors write them."""
    if len(text) < 90 or rng.random() > 0.45:
        return text
    # cloze and bold spans stay on one line
    guarded = _guard_spans(text)
    lines = textwrap.wrap(guarded, width=rng.randint(70, 100), break_long_words=False, break_on_hyphens=False)
    return "\n".join(lines).replace("\u00a0", " ")


def _guard_spans(text: str) -> str:
    out, depth, bold = [], 0, False
    i = 0
    while i < len(text):
        if text.startswith("{{", i):
            depth += 1
        elif text.startswith("}}", i):
            depth -= 1
        elif text.startswith("**", i):
            bold = not bold
        char = text[i]
        out.append("\u00a0" if char == " " and (depth or bold) else char)
        i += 1
    return "".join(out)


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _bold(rng: random.Random, phrase: str, chance: float = 0.3) -> str:
    return f"**{phrase}**" if rng.random() < chance else phrase


def _number(rng: random.Random) -> str:
    value = rng.choice((rng.randint(1, 60), round(rng.uniform(0.1, 20), 1)))
    return f"{value} {rng.choice(UNITS)}"


def _sentence(rng: random.Random, length: int) -> str:
    """Clauses joined until the text is about `length` characters long."""
    parts = [_capital(rng.choice(CLAUSES))]
    while sum(map(len, parts)) < length:
        parts.append(rng.choice((f"in {rng.choice(NOUNS)}", rng.choice(CLAUSES), f"after {_number(rng)}",
                                 f"unless {rng.choice(FINDINGS)}", _bold(rng, rng.choice(CLAUSES), 0.15))))
    return ", ".join(parts[:2]) + ("; " + ", ".join(parts[2:]) if len(parts) > 2 else "") + "."


def _question(rng: random.Random, used: set[str]) -> str:
    while True:
        findings = rng.sample(FINDINGS, rng.randint(1, 3))
        born = f" born at {rng.randint(24, 41)} weeks" if rng.random() < 0.5 else ""
        text = (f"{rng.choice(AGES)}{born} with {_bold(rng, findings[0], 0.15)}"
                + "".join(f" and {finding}" for finding in findings[1:])
                + f" after {_number(rng)}: {rng.choice(QUESTIONS)}?")
        if text not in used:
            used.add(text)
            return text


def _clue(rng: random.Random, used: set[str]) -> str:
    while True:
        findings = rng.sample(FINDINGS, rng.randint(2, 3))
        clue = f"{rng.choice(AGES).lower()} with {' and '.join(findings)} for {_number(rng)}"
        if clue not in used:
            used.add(clue)
            return clue


def _answer(rng: random.Random) -> str:
    answer = f"{_bold(rng, rng.choice(ANSWERS), 0.6)} within {_bold(rng, _number(rng), 0.3)}"
    if rng.random() < 0.5:
        answer += f"; {rng.choice(CLAUSES)}"
    if rng.random() < 0.04:  # a few answers are short lists, as in the milestones notes
        items = rng.sample(ANSWERS, rng.randint(2, 4))
        return "\n".join(f"- {_bold(rng, item, 0.4)} by {_number(rng)}" for item in items)
    return answer + "."


def _extra(rng: random.Random) -> str:
    text = _wrap(_sentence(rng, rng.randint(60, 220)), rng)
    if rng.random() < 0.04:
        text += "\n\n" + "\n".join(f"- {_capital(rng.choice(CLAUSES))}" for _ in range(rng.randint(2, 4)))
    return text


def _cloze_text(rng: random.Random, used: set[str]) -> str:
    while True:
        pieces = [f"In {rng.choice(NOUNS)}, {rng.choice(CLAUSES)}"]
        for number in range(1, rng.randint(1, 3) + 1):
            hint = f"::{rng.choice(UNITS)}" if rng.random() < 0.1 else ""
            answer = _bold(rng, rng.choice(ANSWERS).lower(), 0.1)
            pieces.append(f"{rng.choice(('then', 'and', 'or', 'unless'))} {rng.choice(FINDINGS)} "
                          f"calls for {{{{c{number}::{answer} within {_number(rng)}{hint}}}}}")
        text = ", ".join(pieces) + "."
        if len(text) < 200:
            text = text[:-1] + f"; {rng.choice(CLAUSES)}."
        if text not in used:
            used.add(text)
            return _wrap(text, rng)


def _tags(rng: random.Random, topic_tags: list[str]) -> list[str]:
    tags = [rng.choice(topic_tags)]
    if rng.random() < 0.45:
        tags.append(rng.choice(topic_tags + list(CROSS_TAGS)[1:]))
    if rng.random() < 0.15:
        tags.append(rng.choice(list(CROSS_TAGS)[1:]))
    return list(dict.fromkeys(tags))


def _refs(rng: random.Random, sources: SourcePool, indent: str) -> str:
    lines = f"{indent}sources:\n"
    chosen = rng.sample(sources.ids, rng.choice((1, 1, 2, 2, 2, 3)))
    sources.cited.update(chosen)
    for source in chosen:
        locator = f"Table {rng.randint(1, 12)}, {rng.choice(NOUNS)} row (page {rng.randint(1, 400)})"
        lines += f"{indent}  - source: {source}\n{indent}    locator: {locator}\n"
    return lines


def _reviewed(rng: random.Random) -> str:
    return f"2026-{rng.randint(1, 11):02d}-{rng.randint(1, 28):02d}"


def _note(rng: random.Random, note_id: str, topic_tags: list[str], sources: SourcePool, used: set[str]) -> str:
    block = f"  - id: {note_id}\n"
    if rng.random() < 0.72:
        block += "    type: basic\n"
        block += _field("front", _question(rng, used), "    ")
        block += _field("back", _answer(rng), "    ")
    else:
        block += "    type: cloze\n"
        block += _field("text", _cloze_text(rng, used), "    ")
    if rng.random() < 0.86:
        block += _field("extra", _extra(rng), "    ")
    block += f"    tags: [{', '.join(_tags(rng, topic_tags))}]\n"
    block += _refs(rng, sources, "    ")
    return block + f"    reviewed: {_reviewed(rng)}\n"


def _table(rng: random.Random, table_id: str, rows: int, topic_tags: list[str], sources: SourcePool,
           used: set[str]) -> str:
    text = (f"# Synthetic data table.\ntable:\n  id: {table_id}\n  title: Synthetic table {table_id}\n"
            "  description: |\n    Conditions, the clue that points to each, and what to do.\n"
            "  columns:\n    condition: The condition\n    clue: The finding that points to it\n"
            "    action: What to do\n    why: Optional one-line explanation\n"
            f"  tags: [{rng.choice(topic_tags)}]\n" + _refs(rng, sources, "  ")
            + f"  reviewed: {_reviewed(rng)}\n  rows:\n")
    for index in range(rows):
        clue = _clue(rng, used)
        text += f"    - key: row-{index + 1}\n"
        text += f"      condition: {_quoted(f'{_capital(rng.choice(NOUNS))} variant {table_id}-{index + 1}')}\n"
        text += f"      clue: {_quoted(clue)}\n"
        text += f"      action: {_quoted(_answer(rng).splitlines()[0].lstrip('- '))}\n"
        if rng.random() < 0.7:
            text += f"      why: {_quoted(_sentence(rng, rng.randint(40, 120)))}\n"
        if rng.random() < 0.2:
            text += f"      tags: [{', '.join(_tags(rng, topic_tags))}]\n"
        if index and rng.random() < 0.3:  # the first row keeps the table's sources, so every one is cited
            text += _refs(rng, sources, "      ")
    second_rule = (  # a third of the tables make cloze notes, the rest two basic notes per row
        '    - rule: action\n      type: cloze\n      text: "{condition}: {{c1::{action}}}"\n'
        if rng.random() < 1 / 3 else
        '    - rule: action\n      type: basic\n      front: "{condition}: what to do?"\n      back: "{action}"\n')
    return text + (
        "  cards:\n"
        "    - rule: clue-to-condition\n      type: basic\n"
        '      front: "Child: {clue}. Most likely condition?"\n'
        '      back: "{condition}"\n      extra: "{action} {why?}"\n'
        + second_rule + '      extra: "{why?}"\n')


def _write_sources(path: Path, rng: random.Random, pools: dict[str, SourcePool]) -> None:
    """The registry of the sources the notes cite (check warns about an uncited one, as in content/)."""
    text = "# Synthetic sources registry.\nsources:\n"
    for name, _deck, title, _subtags in TOPICS:
        for number, source_id in enumerate(pools[name].ids, 1):
            if source_id not in pools[name].cited:
                continue
            year = rng.randint(2005, 2026)
            document = f"{title} — guideline {number}: {rng.choice(NOUNS)} and {rng.choice(NOUNS)}"
            version = f"Pediatrics {year};{rng.randint(100, 160)}({rng.randint(1, 6)})"
            body = rng.choice(('AAP', 'CDC/ACIP', 'AHA', 'WHO', 'NICE'))
            text += (f"  {source_id}:\n    body: {body}\n"
                     f"    document: {_quoted(document)}\n    year: {year}\n    version: {_quoted(version)}\n"
                     f"    url: https://doi.org/10.1542/peds.{year}-{rng.randint(100000, 999999)}\n"
                     f"    label: {_quoted(f'{body} · {title} guideline {number}')}\n\n")
    _write(path, text)
