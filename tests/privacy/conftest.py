import pytest


@pytest.fixture(scope="session")
def french_model():
    """spaCy's French pipeline, loaded once for the whole session (about 3 s)."""
    from entrepairs.privacy.model import pipeline

    nlp = pipeline("fr")
    if nlp is None:
        pytest.fail("fr_core_news_sm is not installed: run `make install` (it is in requirements.txt)")
    return nlp
