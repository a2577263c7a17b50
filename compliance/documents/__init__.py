"""Document readers: one interface (text, headings with levels, the text under each heading) for the
formats organisations keep evidence in — Markdown, YAML/JSON, PDF, DOCX, HTML, plain text and CSV."""

from .content import Need, SectionVerdict, assess_section, is_substantive
from .model import Document, Heading, Section, Unreadable
from .reader import FORMATS, READABLE_FORMATS, document_format, read_document
from .text import normalize_heading, normalize_text

__all__ = ["FORMATS", "READABLE_FORMATS", "Document", "Heading", "Need", "Section", "SectionVerdict", "Unreadable",
           "assess_section", "document_format", "is_substantive", "normalize_heading", "normalize_text",
           "read_document"]
