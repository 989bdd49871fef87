"""dist/README.md, the dataset card: its Hugging Face front matter, its sections, and
`datasets.load_dataset` reading every table offline with the types and rows of the Parquet file."""

import pyarrow.parquet as pq
import yaml

from conftest import table_names, table_schema


def front_matter(dist):
    text = (dist / "README.md").read_text(encoding="utf-8")
    _, front, body = text.split("---\n", 2)
    return yaml.safe_load(front), body


def test_the_card_has_the_hub_metadata_and_the_sections(dist):
    front, body = front_matter(dist)
    assert front["license"] == "cc-by-4.0"
    assert front["language"] == ["en"]
    assert front["pretty_name"]
    assert front["tags"]
    assert front["size_categories"] == ["n<1K"]
    configs = {c["config_name"]: c["data_files"] for c in front["configs"]}
    assert configs == {name: f"parquet/{name}.parquet" for name in table_names()}
    for section in (
        "Dataset summary",
        "Dataset structure",
        "Collection and curation",
        "Known limits and biases",
        "Licences",
        "How to cite",
    ):
        assert f"\n## {section}\n" in body, section
    assert "`claims`" in body.split("## Known limits and biases")[1]


def test_datasets_loads_every_table_offline_with_its_types_and_rows(dist, tmp_path, monkeypatch):
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    import datasets

    for name in table_names():
        cache = str(tmp_path / "cache")
        table = pq.read_table(dist / "parquet" / f"{name}.parquet")
        builder = datasets.load_dataset_builder(str(dist), name, cache_dir=cache)
        builder.download_and_prepare()
        features = builder.info.features
        for field in table_schema(name)["fields"]:
            feature = features[field["name"]]
            if field["type"] == "date":
                assert feature.dtype == "date32", (name, field["name"], feature)
            elif field["type"] == "integer":
                assert feature.dtype == "int64", (name, field["name"], feature)
        if table.num_rows == 0:
            # datasets refuses to load a split without rows ("corresponds to no data"); the
            # prepared split says it has none.
            assert builder.info.splits["train"].num_examples == 0, name
            continue
        loaded = datasets.load_dataset(str(dist), name, split="train", cache_dir=cache)
        assert loaded.num_rows == table.num_rows, name
        assert loaded.to_list() == table.to_pylist(), name
