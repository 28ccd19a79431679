"""People recognise medicines by brand name: the medicines page names the common brands."""

from __future__ import annotations

from flask.testing import FlaskClient


def test_medicines_page_names_common_brands(client: FlaskClient) -> None:
    page = client.get("/medicines").get_data(as_text=True)
    for brand in ("Humira", "Enbrel", "Remicade", "Simponi", "Cimzia", "Cosentyx", "Taltz", "Bimzelx", "Xeljanz", "Rinvoq"):
        assert brand in page, brand
