"""The hostile-input catalogue (issue 17): every way a determined user, a poisoned CI cache or a malformed
file tried to crash, hang or silently pass the tool, each with the fix's test. `pytest tests/hostile` runs
it all (well under a minute)."""
