"""flowedit: a desktop editor for Twilio Voice call flows (TwiML).

The package root owns only the version; the core lives in the subpackages
(`twiml`, `model`, `io`, ...) and the Qt user interface in `gui`.
"""

__version__ = "0.1.0"
