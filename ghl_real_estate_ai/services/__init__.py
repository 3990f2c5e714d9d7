"""The spec's services. Thin facades over the engines, composers and repositories below."""
