"""The parts of the analysis service: what a request asks, how its answer is stored and refined."""
