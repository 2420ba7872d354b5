"""Core library of aikg: store, vocabulary, SPARQL, analytics, rendering, export, ingestion. Never imports FastAPI."""
