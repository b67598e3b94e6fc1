"""Values and translations are data: they render exactly, never as markup or code."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from letters.cli import main
from tests.conftest import docx_text, files_under

JOINT = "may-2020-joint"


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= 1
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_special_characters_render_exactly(sample: Path, runner: CliRunner) -> None:
    tricky = "Ministry of Justice & Human Rights <Ukraine> \"quoted\" 'single' — Šimečka Ёж"
    _replace(
        sample / "recipients" / "officials.yaml",
        "en: [Denys Maliuska, Minister of Justice of Ukraine]",
        f"en: [Denys Maliuska, '{tricky.replace(chr(39), chr(39) * 2)}']",
    )
    result = runner.invoke(main, ["build", JOINT, "--lang", "en", "-w", str(sample)])
    assert result.exit_code == 0, result.output
    lines = docx_text(sample / "out" / JOINT / f"{JOINT}.en.docx")
    assert f"Denys Maliuska, {tricky}" in lines


def test_translator_markup_is_printed_literally(sample: Path, runner: CliRunner) -> None:
    po = sample / "locales" / "uk" / "LC_MESSAGES" / "templates.po"
    _replace(
        po,
        'msgstr "Шановні колеги!"',
        'msgstr "Шановні {{ recipients }} </w:t></w:r><w:r><w:t>колеги & друзі!"',
    )
    result = runner.invoke(main, ["build", JOINT, "--lang", "uk", "-w", str(sample)])
    assert result.exit_code == 0, result.output
    lines = docx_text(sample / "out" / JOINT / f"{JOINT}.uk.docx")
    assert "Шановні {{ recipients }} </w:t></w:r><w:r><w:t>колеги & друзі!" in lines


def test_failed_build_leaves_earlier_output_intact(sample: Path, runner: CliRunner) -> None:
    assert runner.invoke(main, ["build", "-w", str(sample)]).exit_code == 0
    before = files_under(sample / "out")
    _replace(sample / "cases" / "akhmetova" / "case.yaml", "kind: detention", "kind: arrest")
    result = runner.invoke(main, ["build", "-w", str(sample)])
    assert result.exit_code == 1
    assert files_under(sample / "out") == before
    leftovers = [p for p in (sample / "out").rglob("*") if p.name.endswith(".tmp")]
    assert leftovers == []


def test_ids_keep_files_inside_the_output_folder(sample: Path, runner: CliRunner) -> None:
    _replace(
        sample / "cases" / "akhmetova" / "letters.yaml", "id: may-2020-joint", "id: ../../evil"
    )
    result = runner.invoke(main, ["build", "-w", str(sample)])
    assert result.exit_code == 1
    assert "letters[0].id: must be a short id of lowercase Latin letters, digits and hyphens" in (
        result.output
    )
    assert not (sample.parent / "evil").exists()


def _dirty_template(source: Path) -> bytes:
    """The sample template as a careless author might leave it: name, company, thumbnail."""
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(out, "w") as dst:
        has_thumbnail = "docProps/thumbnail.jpeg" in src.namelist()
        for name in src.namelist():
            data = src.read(name)
            if name == "docProps/thumbnail.jpeg":
                data = b"\xff\xd8\xff secret thumbnail"
            elif name == "docProps/core.xml":
                data = data.replace(
                    b"<dc:creator>letters</dc:creator>",
                    b"<dc:creator>Secret Author</dc:creator>"
                    b"<dc:description>internal: do not send</dc:description>",
                )
            elif name == "docProps/app.xml":
                data = data.replace(
                    b"</Properties>",
                    b"<Company>Secret Company</Company>"
                    b"<Manager>Secret Manager</Manager></Properties>",
                )
            elif name == "_rels/.rels" and not has_thumbnail:
                data = data.replace(
                    b"</Relationships>",
                    b'<Relationship Id="rIdThumb" Type="http://schemas.openxmlformats.org/package/'
                    b'2006/relationships/metadata/thumbnail" Target="docProps/thumbnail.jpeg"/>'
                    b"</Relationships>",
                )
            elif name == "[Content_Types].xml" and not has_thumbnail:
                data = data.replace(
                    b"</Types>", b'<Default Extension="jpeg" ContentType="image/jpeg"/></Types>'
                )
            dst.writestr(name, data)
        if not has_thumbnail:
            dst.writestr("docProps/thumbnail.jpeg", b"\xff\xd8\xff secret thumbnail")
    return out.getvalue()


def test_template_metadata_is_replaced(sample: Path, runner: CliRunner) -> None:
    template = sample / "templates" / "appeal.docx"
    template.write_bytes(_dirty_template(template))
    result = runner.invoke(main, ["build", JOINT, "--lang", "en", "-w", str(sample)])
    assert result.exit_code == 0, result.output
    from tests.conftest import docx_parts

    parts = docx_parts(sample / "out" / JOINT / f"{JOINT}.en.docx")
    everything = b"".join(parts.values())
    for secret in (
        b"Secret Author",
        b"internal: do not send",
        b"Secret Company",
        b"Secret Manager",
        b"secret thumbnail",
        b"thumbnail.jpeg",
    ):
        assert secret not in everything
    assert "docProps/thumbnail.jpeg" not in parts
