"""The FastAPI app, its lifespan (the only place parts are wired together) and the CLI."""
