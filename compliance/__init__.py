"""Regulatory compliance checker for AI systems, above all medical and health LLMs."""

__version__ = "0.1.0"
