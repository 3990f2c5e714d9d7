"""The learning layer: models trained on a location's own outcomes, lead scores with reasons."""
