"""Exports: any version as PDF, Word (with real tracked changes) or Markdown, and the
assembly's amendment booklet and decisions sheet. The builders take plain values and return
bytes; they read the text engine's ops and provenance, never diffing on their own."""
