"""An empty survey workbook for survey administrators: :func:`write_template`.

The template is the workbook layout :func:`skane_ecosystem.load` reads, ready to fill
in: sheets for actors, ties, aliases and relation types (which relations have a
direction, such as funding) with styled, frozen headers, dropdowns where only a few
answers make sense (sector, relation, respondent, direction), a codebook sheet, and
an instructions sheet in Swedish and English.  Sheet and column names are English or
Swedish (``lang``); the loader accepts either.
"""

from __future__ import annotations

import io
import zipfile
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from ..atomic import write_atomic
from ..i18n import check_language
from ..render.csvtext import set_text  # the one text-cell writer, shared with the report and the demo
from ..sectors import SECTOR_LABELS, SECTORS

__all__ = ["write_template", "save_workbook_atomically", "reproducible_workbook_bytes", "TEMPLATE_RELATIONS"]

#: The relations offered in the template's dropdown: canonical code -> Swedish word.
TEMPLATE_RELATIONS: dict[str, str] = {
    "collaboration": "samarbete",
    "funding": "finansiering",
    "advice": "rådgivning",
    "information": "information",
    "referral": "hänvisning",
}

#: Workbook properties and zip entries carry this moment instead of "now", so the
#: same workbook is the same bytes on every run.
WORKBOOK_TIMESTAMP = datetime(2024, 1, 1, 0, 0, 0)

_LAST_ROW = 1_048_576  # Excel's last row: dropdowns cover the whole column
_NAME_LIST_ROWS = 5_000  # how far down the actors sheet the source/target name list reaches
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")

# Sheet names and column headers per language: (canonical, as written, explanation).
_SHEETS = {
    "en": {
        "instructions": "instructions",
        "actors": "actors",
        "ties": "ties",
        "aliases": "aliases",
        "relation_types": "relation_types",
        "qualitative": "qualitative",
        "codebook": "codebook",
    },
    "sv": {
        "instructions": "instruktioner",
        "actors": "aktörer",
        "ties": "band",
        "aliases": "alias",
        "relation_types": "relationstyper",
        "qualitative": "kvalitativt",
        "codebook": "kodbok",
    },
}

_COLUMNS = {
    "actors": [
        (
            "id",
            {"en": "id", "sv": "id"},
            "A short unique code per organisation, e.g. A001. / En kort unik kod per organisation, t.ex. A001.",
        ),
        (
            "name",
            {"en": "name", "sv": "namn"},
            "The organisation's name as it is usually written. / Organisationens namn som det brukar skrivas.",
        ),
        (
            "sector",
            {"en": "sector", "sv": "sektor"},
            "Pick from the list: public, business, academia, civil society or other. / "
            "Välj i listan: offentlig sektor, näringsliv, akademi, civilsamhälle eller övrigt.",
        ),
        (
            "type",
            {"en": "type", "sv": "typ"},
            "Free text, e.g. municipality, incubator, foundation. / Fritext, t.ex. kommun, inkubator, stiftelse.",
        ),
        (
            "municipality",
            {"en": "municipality", "sv": "kommun"},
            "The municipality where the organisation is based. / Kommunen där organisationen finns.",
        ),
        (
            "respondent",
            {"en": "respondent", "sv": "svarande"},
            "Did the organisation answer the survey? yes/no. / Har organisationen besvarat enkäten? ja/nej.",
        ),
        (
            "orgnr",
            {"en": "orgnr", "sv": "organisationsnummer"},
            "Optional: the organisation number, NNNNNN-NNNN, checked with its check digit; it keeps a renamed "
            "organisation one actor. / Valfritt: organisationsnumret, NNNNNN-NNNN, kontrolleras med "
            "kontrollsiffran; det håller ihop en organisation som bytt namn.",
        ),
    ],
    "ties": [
        (
            "source",
            {"en": "source", "sv": "källa"},
            "The organisation that reports the tie (usually the respondent). / "
            "Organisationen som rapporterar bandet (oftast den svarande).",
        ),
        (
            "target",
            {"en": "target", "sv": "mål"},
            "The organisation it has the tie with. / Organisationen som bandet gäller.",
        ),
        (
            "relation",
            {"en": "relation", "sv": "relation"},
            "Pick from the list: collaboration, funding, advice, information, referral. / "
            "Välj i listan: samarbete, finansiering, rådgivning, information, hänvisning.",
        ),
        (
            "weight",
            {"en": "weight", "sv": "vikt"},
            "How strong or frequent, 1 (rarely) to 5 (daily); decimals allowed. / "
            "Hur stark eller tät, 1 (sällan) till 5 (dagligen); decimaler går bra.",
        ),
        ("wave", {"en": "wave", "sv": "omgång"}, "The survey round, e.g. 2022. / Enkätomgången, t.ex. 2022."),
        (
            "reported_by",
            {"en": "reported_by", "sv": "rapporterad av"},
            "The respondent who reported the tie; empty means the source. / "
            "Den svarande som rapporterade bandet; tomt betyder källan.",
        ),
    ],
    "aliases": [
        (
            "alias",
            {"en": "alias", "sv": "alias"},
            "Another name respondents use, e.g. Malmö stad. / Ett annat namn som de svarande använder, t.ex. Malmö stad.",
        ),
        (
            "actor_id",
            {"en": "actor_id", "sv": "aktörs-id"},
            "The id of the actor this name means. / Id för aktören som namnet avser.",
        ),
    ],
    "relation_types": [
        (
            "relation",
            {"en": "relation", "sv": "relation"},
            "A relation of the ties sheet whose direction matters, e.g. funding. / "
            "En relation på bladet band vars riktning spelar roll, t.ex. finansiering.",
        ),
        (
            "direction",
            {"en": "direction", "sv": "riktning"},
            "What flows from whom: source_to_target (e.g. the source funds the target) or target_to_source (the "
            "respondent in source receives from the target); empty = no direction. / Vad som går från vem: källa "
            "till mål (t.ex. källan finansierar målet) eller mål till källa (den svarande i källa får från målet); "
            "tomt = ingen riktning.",
        ),
        (
            "description",
            {"en": "description", "sv": "beskrivning"},
            "Free text, e.g. the survey question. / Fritext, t.ex. enkätfrågan.",
        ),
    ],
}

_COLUMNS["qualitative"] = [
    (
        "actor",
        {"en": "actor", "sv": "aktör"},
        "The organisation the passage is about (name, id or organisation number). / "
        "Organisationen som avsnittet gäller (namn, id eller organisationsnummer).",
    ),
    (
        "code",
        {"en": "code", "sv": "kod"},
        "The theme, e.g. funding gap, regulation; a theme, never a person's name. / "
        "Temat, t.ex. finansieringsgap, regelverk; ett tema, aldrig ett personnamn.",
    ),
    (
        "kind",
        {"en": "kind", "sv": "slag"},
        "barrier, facilitator or need. / hinder, möjliggörare eller behov.",
    ),
    (
        "quote",
        {"en": "quote", "sv": "citat"},
        "The passage (internal outputs only, never public). / Avsnittet (bara i interna utdata, aldrig offentligt).",
    ),
    (
        "source",
        {"en": "source", "sv": "källa"},
        "Where it comes from: interview, open answer, workshop. / Var det kommer ifrån: intervju, öppet svar, workshop.",
    ),
]

#: The kind dropdown of the qualitative sheet (read by io.tables.KIND_ALIASES).
_KIND_CHOICES = {"en": ("barrier", "facilitator", "need"), "sv": ("hinder", "möjliggörare", "behov")}

#: The direction dropdown of the relation types sheet, per language (read by io.tables.parse_direction).
_DIRECTION_CHOICES = {"en": ("source_to_target", "target_to_source"), "sv": ("källa till mål", "mål till källa")}

_YES_NO = {"en": ("yes", "no"), "sv": ("ja", "nej")}

_SECTOR_EXAMPLES = {
    "public": "region, municipality, government agency / region, kommun, myndighet",
    "business": "companies, business networks / företag, näringslivsnätverk",
    "academia": "universities, research groups / universitet, forskargrupper",
    "civil_society": "associations, foundations, social enterprises / föreningar, stiftelser, idéburna sociala företag",
    "other": "anything else / allt annat",
}

_RELATION_MEANINGS = {
    "collaboration": "work together on projects or activities / arbetar tillsammans i projekt eller verksamhet",
    "funding": "give or receive money / ger eller får pengar",
    "advice": "give or seek advice / ger eller söker råd",
    "information": "exchange information / utbyter information",
    "referral": "send clients or entrepreneurs on / hänvisar kunder eller entreprenörer vidare",
}

_SCALE = (
    (1, "Rarely", "Sällan"),
    (2, "A few times a year", "Några gånger per år"),
    (3, "Monthly", "Varje månad"),
    (4, "Weekly", "Varje vecka"),
    (5, "Daily", "Dagligen"),
)

_INSTRUCTIONS = (
    ("Survey template: who works with whom in the ecosystem", "title"),
    ("Enkätmall: vem samarbetar med vem i ekosystemet", "title"),
    ("", ""),
    ("English", "heading"),
    (
        "1. List every organisation once on the {actors} sheet, with a unique id, its sector (dropdown) and "
        "municipality. Mark whether it answered the survey.",
        "",
    ),
    (
        "2. On the {ties} sheet, write one row per tie a respondent reported: who reported it (source), with whom "
        "(target), which relation (dropdown), how strong (weight 1-5) and the survey wave (e.g. 2022).",
        "",
    ),
    (
        "3. Names in source and target may be written as the respondent wrote them: small differences in case, "
        'accents or spelling are reconciled automatically and reported. Other names in use ("Malmö stad") '
        "can be listed on the {aliases} sheet.",
        "",
    ),
    (
        "4. If a relation has a direction (funding: who gives the money to whom), say so on the {relation_types} "
        "sheet: source_to_target if the source funds the target, target_to_source if each respondent (the source) "
        "reported whom it receives funding from. Only relations on the {ties} sheet may be listed.",
        "",
    ),
    ('5. Check the file: skane-eco validate <file>.xlsx  (or skane_ecosystem.load("<file>.xlsx") in Python).', ""),
    (
        "The {codebook} sheet lists the accepted sectors, relations and the answer scale. Do not rename the "
        "sheets or the column headers; extra columns and sheets are ignored.",
        "",
    ),
    ("", ""),
    ("Svenska", "heading"),
    (
        "1. Skriv varje organisation en gång på bladet {actors}, med ett unikt id, sektor (rullgardinslista) och "
        "kommun. Markera om den har besvarat enkäten.",
        "",
    ),
    (
        "2. Skriv på bladet {ties} en rad per band som en svarande rapporterade: vem som rapporterade "
        "(källa), med vem (mål), vilken relation (rullgardinslista), hur starkt (vikt 1-5) och enkätomgång "
        "(omgång, t.ex. 2022).",
        "",
    ),
    (
        "3. Namn i källa och mål får skrivas som den svarande skrev dem: små skillnader i versaler, accenter "
        'eller stavning rättas automatiskt och redovisas. Andra namn som används ("Malmö stad") kan '
        "listas på bladet {aliases}.",
        "",
    ),
    (
        "4. Om en relation har en riktning (finansiering: vem som ger pengar till vem), ange det på bladet "
        "{relation_types}: källa till mål om källan finansierar målet, mål till källa om varje svarande (källan) "
        "angav vem den får finansiering från. Bara relationer som förekommer på bladet {ties} får listas.",
        "",
    ),
    ('5. Kontrollera filen: skane-eco validate <fil>.xlsx  (eller skane_ecosystem.load("<fil>.xlsx") i Python).', ""),
    (
        "Bladet {codebook} listar godkända sektorer, relationer och svarsskalan. Byt inte namn på bladen eller "
        "kolumnrubrikerna; extra kolumner och blad ignoreras.",
        "",
    ),
)


def write_template(path, lang: str = "en") -> Path:
    """Write an empty survey workbook for survey administrators to fill in.

    Parameters
    ----------
    path : str or pathlib.Path
        Where to write the workbook; must end in ``.xlsx`` and its folder must
        exist.  An existing file is replaced (the command line asks for
        ``--force`` first).
    lang : {"en", "sv"}
        Language of the sheet names, column headers and dropdown values.  The
        instructions sheet always has both languages.

    Returns
    -------
    pathlib.Path
        The path written.

    Raises
    ------
    ValueError
        If ``lang`` is not supported or the name does not end in ``.xlsx``.
    FileNotFoundError
        If the folder does not exist.

    Notes
    -----
    Sheets, in order: instructions (Swedish and English), actors, ties, aliases
    and codebook.  Sector, relation and respondent columns have dropdowns; source,
    target and reported_by offer the names on the actors sheet but accept any
    text (a warning, not a stop), since misspellings are reconciled on loading.
    The file is written to a temporary file in the same folder and then renamed,
    so a failure never leaves half a workbook.  The same ``lang`` gives the same
    bytes every time.

    Examples
    --------
    >>> from skane_ecosystem import write_template
    >>> write_template("survey.xlsx", lang="sv")                # doctest: +SKIP
    PosixPath('survey.xlsx')
    """
    lang = check_language(lang)
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise ValueError(f"the template is an Excel workbook; give a file name ending in .xlsx, not {path.name!r}")
    if not path.parent.is_dir():
        raise FileNotFoundError(f"the folder {str(path.parent)!r} does not exist; create it first")
    save_workbook_atomically(_template_workbook(lang), path)
    return path


def _template_workbook(lang: str) -> Workbook:
    names = _SHEETS[lang]
    wb = Workbook()
    _fill_instructions(wb.active, names)
    for role in ("actors", "ties", "aliases", "relation_types", "qualitative"):
        sheet = wb.create_sheet(names[role])
        _write_header(sheet, [(written[lang], note) for _, written, note in _COLUMNS[role]])
    _add_dropdowns(wb, names, lang)
    _fill_codebook(wb.create_sheet(names["codebook"]), lang)
    return wb


def _fill_instructions(sheet, names: dict[str, str]) -> None:
    sheet.title = names["instructions"]
    for row, (text, style) in enumerate(_INSTRUCTIONS, start=1):
        cell = sheet.cell(row=row, column=1)
        set_text(cell, text.format(**names))
        if style == "title":
            cell.font = Font(bold=True, size=14)
        elif style == "heading":
            cell.font = Font(bold=True, size=12)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.column_dimensions["A"].width = 110


def _write_header(sheet, columns: list[tuple[str, str]]) -> None:
    for number, (title, note) in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=number)
        set_text(cell, title)
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
        cell.comment = Comment(note, "skane_ecosystem", width=320, height=110)
        sheet.column_dimensions[cell.column_letter].width = max(16, len(title) + 4)
    sheet.freeze_panes = "A2"


def _add_dropdowns(wb: Workbook, names: dict[str, str], lang: str) -> None:
    actors, ties = wb[names["actors"]], wb[names["ties"]]
    if lang == "en":
        sectors = list(SECTORS)
        relations = list(TEMPLATE_RELATIONS)
    else:
        sectors = [SECTOR_LABELS["sv"][code] for code in SECTORS]
        relations = list(TEMPLATE_RELATIONS.values())
    _choice_list(actors, "C", sectors, "sector / sektor")
    _choice_list(actors, "F", list(_YES_NO[lang]), "respondent / svarande")
    _choice_list(ties, "C", relations, "relation")
    relation_types = wb[names["relation_types"]]
    _choice_list(relation_types, "A", relations, "relation")
    _choice_list(relation_types, "B", list(_DIRECTION_CHOICES[lang]), "direction / riktning")
    _choice_list(wb[names["qualitative"]], "C", list(_KIND_CHOICES[lang]), "kind / slag")
    weight = DataValidation(
        type="decimal",
        operator="greaterThan",
        formula1="0",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="weight / vikt",
        error="A positive number, e.g. 1-5. / Ett positivt tal, t.ex. 1-5.",
    )
    weight.add(f"D2:D{_LAST_ROW}")
    ties.add_data_validation(weight)
    # Offer the actors' names, but only warn on others: respondents' spellings are
    # reconciled when the file is loaded.
    quoted = "'" + names["actors"].replace("'", "''") + "'"
    known = DataValidation(
        type="list",
        formula1=f"={quoted}!$B$2:$B${_NAME_LIST_ROWS}",
        allow_blank=True,
        showErrorMessage=True,
        errorStyle="warning",
        errorTitle="name / namn",
        error="Not on the actors sheet; it will be matched on loading. / "
        "Finns inte på aktörsbladet; matchas när filen läses in.",
    )
    for column in ("A", "B", "F"):
        known.add(f"{column}2:{column}{_LAST_ROW}")
    ties.add_data_validation(known)


def _choice_list(sheet, column: str, choices: list[str], title: str) -> None:
    listed = ",".join(choices)
    rule = DataValidation(
        type="list",
        formula1=f'"{listed}"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=title,
        error=f"Choose one of / Välj en av: {', '.join(choices)}",
    )
    rule.add(f"{column}2:{column}{_LAST_ROW}")
    sheet.add_data_validation(rule)


def _fill_codebook(sheet, lang: str) -> None:
    rows: list[list] = [
        ["Sectors / Sektorer", "", "", ""],
        ["code / kod", "English", "Svenska", "for example / till exempel"],
    ]
    rows += [[code, SECTOR_LABELS["en"][code], SECTOR_LABELS["sv"][code], _SECTOR_EXAMPLES[code]] for code in SECTORS]
    rows += [
        ["", "", "", ""],
        ["Relations / Relationer", "", "", ""],
        ["code / kod", "English", "Svenska", "meaning / betydelse"],
    ]
    rows += [[code, code, swedish, _RELATION_MEANINGS[code]] for code, swedish in TEMPLATE_RELATIONS.items()]
    rows += [["", "", "", ""], ["Weight scale / Viktskala", "", "", ""], ["weight / vikt", "English", "Svenska", ""]]
    rows += [[weight, english, swedish, ""] for weight, english, swedish in _SCALE]
    rows += [
        ["", "", "", ""],
        ["Respondent / Svarande", "", "", ""],
        [_YES_NO[lang][0], "answered the survey", "har besvarat enkäten", ""],
        [_YES_NO[lang][1], "did not answer", "har inte besvarat enkäten", ""],
    ]
    headings = {"Sectors / Sektorer", "Relations / Relationer", "Weight scale / Viktskala", "Respondent / Svarande"}
    for r, values in enumerate(rows, start=1):
        for c, value in enumerate(values, start=1):
            cell = sheet.cell(row=r, column=c)
            if isinstance(value, str):
                set_text(cell, value)
            else:
                cell.value = value
            if values[0] in headings:
                cell.font = Font(bold=True, size=12)
            elif values[0] in ("code / kod", "weight / vikt"):
                cell.font = Font(bold=True)
                cell.fill = _HEADER_FILL
    for letter, width in zip("ABCD", (26, 22, 22, 80)):
        sheet.column_dimensions[letter].width = width


def save_workbook_atomically(wb: Workbook, path, timestamp: datetime = WORKBOOK_TIMESTAMP) -> Path:
    """Save an openpyxl workbook reproducibly and atomically.

    openpyxl stamps the current time into the document properties and into every
    zip entry, so saving the same workbook twice gives different bytes.  Here both
    are pinned to ``timestamp``.  The bytes go to a temporary file in the target's
    folder, which then replaces the target in one step: readers see the old file or
    the new one, never half of one.

    Parameters
    ----------
    wb : openpyxl.Workbook
    path : str or pathlib.Path
    timestamp : datetime.datetime
        Recorded as the created and modified time (1980 or later, a zip limit).

    Returns
    -------
    pathlib.Path
        The path written.
    """
    path = Path(path)
    write_atomic(path, reproducible_workbook_bytes(wb, timestamp))
    return path


def reproducible_workbook_bytes(wb: Workbook, timestamp: datetime = WORKBOOK_TIMESTAMP) -> bytes:
    """The bytes of an openpyxl workbook with its times pinned to ``timestamp`` (see :func:`save_workbook_atomically`)."""
    from openpyxl.writer.excel import ExcelWriter  # save_workbook() would stamp "now"

    wb.properties.creator = "skane_ecosystem"
    wb.properties.lastModifiedBy = None
    wb.properties.created = timestamp
    wb.properties.modified = timestamp
    written = io.BytesIO()
    with zipfile.ZipFile(written, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(wb, archive).save()
    return _with_fixed_zip_times(written, timestamp)


def _with_fixed_zip_times(archive_bytes: io.BytesIO, timestamp: datetime) -> bytes:
    fixed = io.BytesIO()
    with zipfile.ZipFile(archive_bytes) as source, zipfile.ZipFile(fixed, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            info = zipfile.ZipInfo(entry.filename, date_time=timestamp.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, source.read(entry.filename))
    return fixed.getvalue()
