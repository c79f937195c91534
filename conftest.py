"""pytest configuration shared by the unit tests and nbval's notebook runs."""


def pytest_collectstart(collector):
    # Progress bars and warnings go to stderr and change from run to run (rates,
    # timings); nbval compares stderr as its own stream, so leave it out of the comparison.
    if hasattr(collector, "skip_compare"):  # nbval's notebook collector
        collector.skip_compare += ("stderr",)
