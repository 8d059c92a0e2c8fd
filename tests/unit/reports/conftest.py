# SPDX-License-Identifier: GPL-3.0-or-later
"""A demo CA, two experts and a rendered sample report, shared by the report tests.

Times are fixed (NOW) and passed to signing and verification, so the tests do not depend on
the clock; pdfsig checks integrity independently of time.
"""

from __future__ import annotations

import io
import shutil
import subprocess
from datetime import datetime, timedelta, timezone

import pytest
from PIL import Image, ImageDraw

from assessment_app.reports import render_report, sign_report
from assessment_app.reports.sample import sample_content
from assessment_app.security.certificates import create_demo_ca, derive_ec_private_key, generate_key_and_csr, sign_csr

NOW = datetime(2025, 3, 1, 10, 0, tzinfo=timezone.utc)
SEED = b"report tests seed"

for tool in ("pdftotext", "pdffonts", "pdfsig", "pdftoppm"):
    if shutil.which(tool) is None:  # pragma: no cover - the test image ships poppler-utils
        raise RuntimeError(f"{tool} (poppler-utils) is required by the report tests")


def issue(ca, name: str, number: str, serial: int, *, issued: datetime = NOW - timedelta(days=30), days: int = 365):
    ca_certificate, ca_key = ca
    key, csr = generate_key_and_csr(name, number, "DEMO", private_key=derive_ec_private_key(SEED, number))
    return key, sign_csr(csr, ca_certificate, ca_key, issued, days, serial=serial)


@pytest.fixture(scope="session")
def ca():
    return create_demo_ca("演示机构", NOW - timedelta(days=100), 3650, key=derive_ec_private_key(SEED, "ca"))


@pytest.fixture(scope="session")
def experts(ca):
    return issue(ca, "张明华", "DEMO-0001", 1001), issue(ca, "陈丽", "DEMO-0002", 1002)


def handwriting_png() -> bytes:
    image = Image.new("RGBA", (300, 120), (255, 255, 255, 0))
    ImageDraw.Draw(image).line([(10, 90), (80, 30), (120, 80), (180, 20), (290, 40)], fill=(20, 20, 90, 255), width=5)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


@pytest.fixture(scope="session")
def content():
    return sample_content()


@pytest.fixture(scope="session")
def report_pdf(content) -> bytes:
    return render_report(content)


def sign(pdf: bytes, ca, expert, field: str, *, lock: bool, when: datetime = NOW) -> bytes:
    key, certificate = expert
    return sign_report(pdf, field_name=field, key=key, certificate=certificate, ca_certificates=[ca[0]],
                       signer_name=field, lock=lock, when=when)


@pytest.fixture(scope="session")
def signed_twice(report_pdf, ca, experts) -> bytes:
    once = sign(report_pdf, ca, experts[0], "Expert1", lock=False)
    return sign(once, ca, experts[1], "Expert2", lock=True)


def run_tool(*args: str, data: bytes | None = None, tmp_path=None) -> str:
    """Run a poppler tool on PDF bytes written to a file; its stdout as text."""
    if data is not None:
        path = tmp_path / "input.pdf"
        path.write_bytes(data)
        args = tuple(str(path) if a == "{pdf}" else a for a in args)
    result = subprocess.run(args, capture_output=True, timeout=60)
    return result.stdout.decode("utf-8", "replace")


def pdf_text(pdf: bytes, tmp_path) -> str:
    return run_tool("pdftotext", "-enc", "UTF-8", "{pdf}", "-", data=pdf, tmp_path=tmp_path)


def unembedded_fonts(pdf: bytes, tmp_path) -> tuple[list[str], list[str]]:
    """(all font names, names whose `emb` column is not yes) from pdffonts."""
    lines = run_tool("pdffonts", "{pdf}", data=pdf, tmp_path=tmp_path).splitlines()
    assert lines[1].startswith("---"), lines
    emb_column = lines[0].index("emb")
    fonts = [(line.split()[0], line[emb_column:emb_column + 3]) for line in lines[2:] if line.strip()]
    return [name for name, _ in fonts], [name for name, emb in fonts if emb != "yes"]


def squeeze(text: str) -> str:
    """Text without any whitespace: wrapped lines in a PDF split words anywhere."""
    return "".join(text.split())
