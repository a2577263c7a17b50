"""The presentation layer: wording, grouping and views of an assessment that every output shares.

Formats (`compliance.render`) and dossiers (`compliance.dossier`) read assessments through this
package and never import each other.
"""
