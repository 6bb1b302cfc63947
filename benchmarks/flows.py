"""Generated call flows of any size, shaped like real ones, for the benchmarks (Qt-free).

Each document greets the caller, gathers a digit into the next document, dials two agents whose
screening document is shared, and redirects back to the menu; every tenth document records a message.
The documents are read through `flowedit.io.read_document`, so they carry source maps like files do.
"""

from __future__ import annotations

from flowedit.io import read_document
from flowedit.model import Flow

DOCUMENT = """<?xml version="1.0" encoding="UTF-8"?>
<Response>
  <Say voice="Polly.Joanna">Welcome to step {i}.</Say>
  <Gather action="/step{next}" numDigits="1" timeout="5">
    <Say>Press a key to go on.</Say>
  </Gather>
  <Dial action="/step{next}" timeout="20" answerOnBridge="true">
    <Client url="/screen" statusCallbackEvent="initiated ringing answered completed" statusCallback="https://status.example.com/calls">
      <Identity>agent_{i}_a</Identity>
      <Parameter name="step" value="{i}"/>
    </Client>
    <Number url="/screen">+1415555{i:04d}</Number>
  </Dial>
  {extra}
</Response>
"""
SCREEN = '<?xml version="1.0" encoding="UTF-8"?>\n<Response>\n  <Say>Incoming call.</Say>\n</Response>\n'


def generated_flow(documents: int) -> Flow:
    """A flow of `documents` documents (plus the shared screening document), entry /step0."""
    docs = [read_document(SCREEN.encode(), "/screen")]
    for i in range(documents):
        extra = '<Record maxLength="60" action="/step0"/>' if i % 10 == 9 else "<Redirect>/step0</Redirect>"
        text = DOCUMENT.format(i=i, next=(i + 1) % documents, extra=extra)
        docs.append(read_document(text.encode(), f"/step{i}"))
    return Flow(docs, entry="/step0")
