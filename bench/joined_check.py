"""Issue 16 prototype check: letters converted joined-and-split against the same letters
converted by today's path (``letters.publish.pdf.convert``), and the time of each.

``python -m bench.joined_check DIR [--count N] [--pdfa]``: DIR holds rendered .docx letters;
every group of one template and language (here: the stem without its recipient) is joined.
Prints per group: seconds today, seconds joined, and every letter whose page count, text per
page (pdftotext), fonts (pdffonts, subset tags stripped) or metadata differ.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import pikepdf

from letters.publish.joined import convert_joined
from letters.publish.pdf import convert, soffice


def pages_text(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          check=True, text=True).stdout  # fmt: skip
    return text.split("\f")[:-1]


def word_boxes(pdf: Path) -> list[tuple[str, ...]]:
    """Every word with its box (pdftotext -bbox): the layout, not only the text."""
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True,
                         check=True, text=True).stdout  # fmt: skip
    return re.findall(r'<page width="([\d.]+)"|<word xMin="([\d.]+)" yMin="([\d.]+)" '
                      r'xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', out)  # fmt: skip


def fonts(pdf: Path) -> list[tuple[str, ...]]:
    lines = subprocess.run(["pdffonts", str(pdf)], capture_output=True, check=True,
                           text=True).stdout.splitlines()[2:]  # fmt: skip
    found = set()
    for line in lines:
        parts = line.split()
        # name type... emb sub uni object id; drop the subset tag and the object numbers
        found.add((re.sub(r"^[A-Z]{6}\+", "", parts[0]), *parts[1:-2]))
    return sorted(found)


def images(pdf: Path) -> list[tuple[str, ...]]:
    """Page, type, size, colour and bits of every picture (pdfimages -list), not object ids."""
    lines = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, check=True,
                           text=True).stdout.splitlines()[2:]  # fmt: skip
    return [tuple(line.split()[:1] + line.split()[2:8]) for line in lines]


def metadata(pdf: Path) -> dict[str, str]:
    with pikepdf.open(pdf) as doc:
        info = {
            str(k): str(v) for k, v in doc.docinfo.items() if k not in ("/CreationDate", "/ModDate")
        }
        info["root keys"] = str(sorted(k for k in doc.Root.keys() if k not in ("/Dests", "/Names")))
        if "/Metadata" in doc.Root:
            with doc.open_metadata() as xmp:
                for key in ("pdfaid:part", "pdfaid:conformance", "dc:title", "pdf:Producer"):
                    info["xmp " + key] = str(xmp.get(key))
        info["version"] = doc.pdf_version
    return info


def compare(alone: Path, joined: Path) -> list[str]:
    problems = []
    a, j = pages_text(alone), pages_text(joined)
    if len(a) != len(j):
        problems.append(f"pages {len(a)} alone, {len(j)} joined")
    for number, (pa, pj) in enumerate(zip(a, j), 1):
        if pa != pj:
            la, lj = pa.splitlines(), pj.splitlines()
            diff = next(
                (f"{x!r} vs {y!r}" for x, y in zip(la, lj) if x != y),
                f"{len(la)} vs {len(lj)} lines",
            )
            problems.append(f"page {number} text differs: {diff}")
    boxes = [(x, y) for x, y in zip(word_boxes(alone), word_boxes(joined)) if x != y]
    if boxes:
        problems.append(f"{len(boxes)} word boxes differ, first {boxes[0]}")
    if fonts(alone) != fonts(joined):
        problems.append(f"fonts {fonts(alone)} vs {fonts(joined)}")
    if images(alone) != images(joined):
        problems.append(f"images {images(alone)} vs {images(joined)}")
    ma, mj = metadata(alone), metadata(joined)
    for key in sorted(set(ma) | set(mj)):
        if ma.get(key) != mj.get(key):
            problems.append(f"metadata {key}: {ma.get(key)!r} vs {mj.get(key)!r}")
    return problems


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("folder", type=Path)
    parser.add_argument("--count", type=int, default=60, help="letters per group at most")
    parser.add_argument("--pdfa", action="store_true")
    parser.add_argument(
        "--by-lang",
        action="store_true",
        help="group every letter of a language under FOLDER (any depth)",
    )
    parser.add_argument("--no-check", action="store_true", help="time only")
    args = parser.parse_args()
    groups: dict[str, list[Path]] = defaultdict(list)
    for source in sorted(args.folder.glob("**/*.docx" if args.by_lang else "*.docx")):
        parts = source.stem.split(".")
        groups[parts[-1] if args.by_lang else f"{parts[0]}.{parts[-1]}"].append(source)
    program = soffice()
    for name, sources in groups.items():
        sources = sources[: args.count]
        with tempfile.TemporaryDirectory() as tmp:
            work = Path(tmp)
            (work / "alone").mkdir()
            (work / "joined").mkdir()
            (work / "j").mkdir()
            started = time.perf_counter()
            report = convert(sources, work / "alone", pdfa=args.pdfa, workers=1, chunk=len(sources))
            today = time.perf_counter() - started
            started = time.perf_counter()
            convert_joined(sources, work / "joined", work / "j", soffice=program, pdfa=args.pdfa)
            joined = time.perf_counter() - started
            print(f"{name}: {len(sources)} letters, today's path (1 soffice call, 1 worker) "
                  f"{today:.2f} s, joined {joined:.2f} s, {today / joined:.1f}x;"
                  f" {len(report.failures)} failures")  # fmt: skip
            if args.no_check:
                continue
            bad = 0
            for source in sources:
                problems = compare(work / "alone" / f"{source.stem}.pdf",
                                   work / "joined" / f"{source.stem}.pdf")  # fmt: skip
                if problems:
                    bad += 1
                    if bad <= 3:
                        print(f"  {source.name}:", *problems[:6], sep="\n    ")
            print(f"  {len(sources) - bad} of {len(sources)} letters equivalent")


if __name__ == "__main__":
    main()
