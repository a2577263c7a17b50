"""PDF dossiers: an outline per target (data), filled from the assessment, rendered HTML → PDF/A-3b.

The pipeline: `outline` (what the official form asks for) → `build` (fill it from the card, the
evidence and the findings; a visible placeholder for every gap) → `html` (Jinja2, autoescaped) →
`pdf` (WeasyPrint with a sandboxed fetcher, evidence embedded, manifest last) → `verify`.
"""

from __future__ import annotations

TARGETS = ("gap-analysis", "eu-annex-iv", "eu-fria", "cn-genai-filing", "gdpr-dpia", "pipl-pipia")
