"""sosei: regional-revitalization (地方創生) documents of Japanese municipalities as Linked Open Data.

The package reads like the data flow:

    sources (manifest) → extract (bytes → Document of Lines) → parsers/ (one module per layout)
    → records (frozen dataclasses with SourceRef) → reconcile (domain invariants) → mapping (RDF)
    → validate (SHACL → Issues) → publish (dumps, catalog, store) ← cli
"""

__version__ = "0.1.0"
