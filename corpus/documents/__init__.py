"""Further documents (Sachstandsberichte and others): extraction, chunking, project links, storage.

Nothing heavy is imported here; the extraction libraries load inside the functions that use them.
"""
