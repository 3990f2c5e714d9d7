"""EnterpriseHub: real-time AI copilot for real-estate agents working beside GoHighLevel."""

__version__ = "0.1.0"
