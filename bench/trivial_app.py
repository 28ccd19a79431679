"""The baseline for serving benchmarks: the smallest Flask response, served the same way."""

from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello() -> str:
    return "ok"


@app.get("/healthz")
def healthz() -> str:
    return "ok"
