"""Front doors of aikg: the FastAPI application and the command line."""
