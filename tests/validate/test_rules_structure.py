"""Structure rules (flowedit.validate.rules.structure): element and attribute names, nesting, required
text, template placeholders and the format of element text — each with a document that passes and one
that fails at the exact line and column; then the whole real corpus against a reviewed list."""

from __future__ import annotations

import pytest
from support import CORPUS, XML_DECLARATION, corpus_findings, findings, only, where

from flowedit.validate import RULES, Severity

X = XML_DECLARATION

STRUCTURE_RULES = ("unknown-element", "element-misplaced", "unknown-attribute", "missing-required-text",
                   "template-placeholder", "text-invalid-value")

# A document that uses a wide spread of TwiML correctly: no structure rule may fire on it.
GOOD = X + """<Response>
  <Say voice="Polly.Joanna-Neural" language="en-US" loop="1">Hello <break time="300ms"/> there.
    <prosody rate="90%"><say-as interpret-as="characters">ABC</say-as></prosody>
    <lang xml:lang="fr-FR">Bonjour</lang>
  </Say>
  <Say><emphasis level="strong">Only SSML</emphasis></Say>
  <Play digits="ww1234"/>
  <Gather input="dtmf speech" action="/menu" numDigits="1"><Say>Press 1</Say><Pause length="2"/></Gather>
  <Dial action="/after" timeout="20" answerOnBridge="true">
    <Number sendDigits="ww12#" statusCallbackEvent="initiated completed" statusCallback="/status">
      +1 (415) 555-1212
    </Number>
    <Number><!-- the office -->415-123-4567</Number>
    <Client><Identity>alice</Identity><Parameter name="ticket" value="42"/></Client>
    <Sip>sip:alice@example.com;transport=tls?X-Ticket=42&amp;X-Team=support</Sip>
    <Sip><Uri priority="1">sips:bob@[2001:db8::1]:5061</Uri><Headers><Header name="X-A" value="1"/></Headers></Sip>
    <Sip>carol@pbx.example.com</Sip>
    <WhatsApp>+15551234567</WhatsApp>
  </Dial>
  <Dial><Sim>DE0123456789abcdef0123456789abcdef</Sim></Dial>
  <Dial><Application><ApplicationSid>AP0123456789abcdef0123456789abcdef</ApplicationSid></Application></Dial>
  <Dial><Queue url="/whisper">support</Queue></Dial>
  <Dial><Conference beep="onEnter" waitUrl="">Room 1</Conference></Dial>
  <Enqueue workflowSid="WW0123456789abcdef0123456789abcdef"><Task priority="5">{"team": "sales"}</Task></Enqueue>
  <Enqueue waitUrl="/hold">support</Enqueue>
  <Refer action="/refer-done"><Sip>sip:alice@example.com?User-to-User=123%3Bencoding%3Dhex</Sip></Refer>
  <Start><Stream url="wss://example.com/audio" track="inbound_track"><Parameter name="a" value="b"/></Stream></Start>
  <Connect><ConversationRelay url="wss://example.com/relay" speechtimeout="2" speechTimeout="2">
    <Language code="en-US" voice="en-US-Journey-O"/></ConversationRelay></Connect>
  <Pay chargeAmount="10.50"><Prompt for="payment-card-number" attempt="1 2"><Say>Card number</Say></Prompt></Pay>
  <Hangup><Parameter name="reason" value="done"/></Hangup>
</Response>
"""


def test_the_rules_are_registered_with_their_contract_severity():
    expected = {"unknown-element": Severity.WARNING, "element-misplaced": Severity.ERROR,
                "unknown-attribute": Severity.WARNING, "missing-required-text": Severity.ERROR,
                "template-placeholder": Severity.WARNING, "text-invalid-value": Severity.ERROR}
    assert {rule: RULES[rule].severity for rule in STRUCTURE_RULES} == expected
    assert all(RULES[rule].scope == "document" and RULES[rule].summary for rule in STRUCTURE_RULES)


@pytest.mark.parametrize("rule", STRUCTURE_RULES)
def test_a_good_document_passes(rule):
    assert findings(GOOD, rule) == []


# -- unknown-element ------------------------------------------------------------------------------


def test_unknown_element_wrong_case_names_the_right_spelling():
    finding = only(X + "<Response>\n  <say>Hi</say>\n</Response>\n", "unknown-element")
    assert finding.severity is Severity.WARNING
    assert where(finding) == (3, 3)
    assert "<say>" in finding.message and "12200" in finding.message
    assert finding.hint == "element names are case-sensitive: <Say>"
    assert finding.path == "/Response/say"


def test_unknown_element_message_is_a_messaging_verb():
    finding = only(X + "<Response>\n  <Say>Hi</Say>\n  <Message>Thanks</Message>\n</Response>\n", "unknown-element")
    assert where(finding) == (4, 3)
    assert "Messaging" in finding.hint


def test_unknown_element_misspelling_gets_a_suggestion_from_the_parents_children():
    finding = only("<Response><Gather><Sya>Press 1</Sya></Gather></Response>", "unknown-element")
    assert finding.hint == "did you mean <Say>?"
    assert where(finding) == (1, 19)


def test_unknown_children_of_unknown_elements_are_reported_but_not_their_attributes():
    xml = '<Response>\n<Ninja speed="9">\n  <Shuriken/>\n  <Say>Hi</Say>\n</Ninja>\n</Response>'
    assert [where(f) for f in findings(xml, "unknown-element")] == [(2, 1), (3, 3)]
    assert findings(xml, "unknown-attribute") == []
    assert findings(xml, "element-misplaced") == []  # the <Say> under the unknown <Ninja> is not judged


def test_the_root_is_left_to_root_not_response():
    xml = "<response><Say>Hi</Say></response>"
    assert findings(xml, "unknown-element") == []
    assert findings(xml, "element-misplaced") == []
    assert [f.rule for f in findings(xml, "root-not-response")] == ["root-not-response"]


# -- element-misplaced ----------------------------------------------------------------------------


def test_a_noun_directly_in_response_is_misplaced():
    finding = only(X + "<Response>\n  <Number>+15551234567</Number>\n</Response>\n", "element-misplaced")
    assert finding.severity is Severity.ERROR
    assert where(finding) == (3, 3)
    assert finding.message.startswith("<Number> is not allowed inside <Response>")
    assert "wrap it" in finding.hint and "<Dial><Number>" in finding.hint


def test_queue_and_prompt_under_response_are_misplaced_despite_the_libraries():
    found = findings("<Response><Queue>q</Queue><Prompt/></Response>", "element-misplaced")
    assert [(f.path, f.severity) for f in found] == [("/Response/Queue", Severity.ERROR),
                                                     ("/Response/Prompt", Severity.ERROR)]
    assert "<Pay>" in found[1].hint


def test_a_verb_inside_gather_is_misplaced_with_the_twilio_code():
    finding = only("<Response>\n<Gather>\n  <Dial>+15551234567</Dial>\n</Gather>\n</Response>", "element-misplaced")
    assert where(finding) == (3, 3)
    assert "13320" in finding.message and "<Say>, <Play> or <Pause>" in finding.message
    assert "directly into <Response>" in finding.hint


def test_a_nested_response_is_misplaced():
    finding = only("<Response>\n  <Gather><Response/></Gather>\n</Response>", "element-misplaced")
    assert where(finding) == (2, 11)
    assert "root" in finding.message


def test_ssml_outside_say_is_misplaced():
    finding = only("<Response><break time='1s'/></Response>", "element-misplaced")
    assert "inside <Say>" in finding.hint


def test_ssml_nesting_follows_the_vocabulary():
    assert findings("<Response><Say><s>One<p>two</p></s></Say></Response>", "element-misplaced") != []
    assert findings("<Response><Say><p><s>One</s></p></Say></Response>", "element-misplaced") == []


def test_unconfirmed_children_are_a_warning_only():
    finding = only("<Response><Leave><Parameter name='a' value='b'/></Leave></Response>", "element-misplaced")
    assert finding.severity is Severity.WARNING
    assert "not confirmed" in finding.message


def test_sip_under_refer_holds_text_only():
    xml = "<Response>\n<Refer>\n  <Sip>\n    <Uri>sip:a@example.com</Uri>\n  </Sip>\n</Refer>\n</Response>"
    finding = only(xml, "element-misplaced")
    assert where(finding) == (4, 5)
    assert "holds only the SIP URI" in finding.message
    assert [f.rule for f in findings(xml, "missing-required-text")] == ["missing-required-text"]


# -- unknown-attribute ----------------------------------------------------------------------------


def test_status_callback_on_dial_belongs_on_the_nouns():
    xml = X + '<Response>\n  <Dial statusCallbackEvent="initiated">\n    <Number>+15551234567</Number>\n  </Dial>\n</Response>'
    finding = only(xml, "unknown-attribute")
    assert finding.severity is Severity.WARNING
    assert where(finding) == (3, 9)
    assert "'statusCallbackEvent' is not allowed on <Dial>" in finding.message and "12200" in finding.message
    assert "<Number>, <Client>" in finding.hint and 'events="call-progress-event"' in finding.hint


def test_misspelled_plural_gets_the_real_name():
    finding = only('<Response><Dial><Number statusCallbackEvents="initiated">+15551234567</Number></Dial></Response>',
                   "unknown-attribute")
    assert finding.hint == "did you mean statusCallbackEvent?"
    assert where(finding) == (1, 25)


def test_renamed_wrong_case_and_close_attributes_get_precise_hints():
    xml = ('<Response><Dial><Conference whisper="CA0123456789abcdef0123456789abcdef">r</Conference></Dial>'
           '<Say Voice="alice">x<say-as role="mdy" interpret-as="date">1/2</say-as></Say>'
           '<Start><Transcription statusCallback="/t"/></Start><Gather numDigit="1"/><Hangup reason="x"/></Response>')
    hints = {f.message.split("'")[1]: f.hint for f in findings(xml, "unknown-attribute")}
    assert hints == {
        "whisper": 'whisper was renamed coach: write coach="CA0123456789abcdef0123456789abcdef"',
        "Voice": "attribute names are case-sensitive: write voice",
        "role": 'role was renamed format: write format="mdy"',
        "statusCallback": "did you mean statusCallbackUrl?",
        "numDigit": "did you mean numDigits?",
        "reason": "remove it: <Hangup> takes no attributes",
    }


def test_both_conversation_relay_spellings_and_ssml_xml_lang_are_known():
    xml = ('<Response><Connect><ConversationRelay url="wss://a.example.com" backgroundNoiseReduction="true" '
           'backgroundnoisereduction="true"/></Connect><Say><lang xml:lang="de-DE">Hallo</lang></Say></Response>')
    assert findings(xml, "unknown-attribute") == []
    finding = only('<Response><Say xml:lang="de-DE">Hallo</Say></Response>', "unknown-attribute")
    assert finding.hint == "use <Say language=…> instead"


def test_sip_under_refer_takes_no_attributes():
    finding = only('<Response><Refer><Sip username="u">sip:a@example.com</Sip></Refer></Response>',
                   "unknown-attribute")
    assert "inside <Refer>" in finding.message
    assert where(finding) == (1, 23)


def test_namespace_declarations_are_not_attributes():
    xml = '<Response xmlns:x="urn:x"><Say>Hi</Say></Response>'
    assert findings(xml, "unknown-attribute") == []


# -- missing-required-text ------------------------------------------------------------------------


def test_an_empty_number_is_missing_its_text():
    finding = only(X + "<Response>\n  <Dial>\n    <Number>  </Number>\n  </Dial>\n</Response>", "missing-required-text")
    assert finding.severity is Severity.ERROR
    assert where(finding) == (4, 5)
    assert finding.message == "<Number> is empty: it needs the phone number to call"
    assert "<Number>+15551234567</Number>" in finding.hint


@pytest.mark.parametrize("xml", [
    "<Response><Dial><Client><Identity>alice</Identity></Client></Dial></Response>",
    "<Response><Dial><Sip><Uri>sip:a@example.com</Uri></Sip></Dial></Response>",
    "<Response><Dial><Application><ApplicationSid>AP0123456789abcdef0123456789abcdef</ApplicationSid>"
    "</Application></Dial></Response>",
    "<Response><Play digits='1234'/></Response>",
    "<Response><Enqueue workflowSid='WW0123456789abcdef0123456789abcdef'/></Response>",
    "<Response><Say><prosody rate='slow'>Slowly</prosody></Say></Response>",
    "<Response><Say><break/>Text after a break</Say></Response>",
])
def test_alternatives_and_documented_exceptions_are_not_missing_text(xml):
    assert findings(xml, "missing-required-text") == []


@pytest.mark.parametrize("xml, name", [
    ("<Response><Dial><Client/></Dial></Response>", "Client"),
    ("<Response><Redirect/></Response>", "Redirect"),
    ("<Response><Say><break time='1s'/></Say></Response>", "Say"),
    ("<Response><Dial><Client><Parameter name='a' value='b'/></Client></Dial></Response>", "Client"),
])
def test_empty_required_text_without_an_alternative_is_reported(xml, name):
    assert only(xml, "missing-required-text").message.startswith(f"<{name}> is empty")


# -- template-placeholder -------------------------------------------------------------------------


def test_placeholders_are_reported_once_per_value_and_nothing_else_fires():
    xml = (X + "<Response>\n  <Dial callerId=\"{{ From }}\">\n    <Number>{{To}}</Number>\n  </Dial>\n"
           "  <Connect><Stream url=\"YOUR_WSS_URL\"/></Connect>\n  <Dial><Number>+*-***-***-****</Number></Dial>\n"
           "</Response>\n")
    found = findings(xml)
    placeholders = [f for f in found if f.rule == "template-placeholder"]
    assert [(where(f), f.severity) for f in placeholders] == [
        ((3, 9), Severity.WARNING), ((4, 13), Severity.WARNING), ((6, 20), Severity.WARNING),
        ((7, 17), Severity.WARNING)]
    assert '"{{To}}"' in placeholders[1].message and "text of <Number>" in placeholders[1].message
    assert "attribute url of <Stream>" in placeholders[2].message
    assert placeholders[0].hint == "fill it in before deploying, or serve this document from a template engine"
    assert {f.rule for f in found} == {"template-placeholder"}  # no "invalid value" noise on top


# -- text-invalid-value ---------------------------------------------------------------------------


def test_say_over_4096_characters_is_a_warning():
    finding = only(f"<Response>\n<Say>{'a' * 4097}</Say>\n</Response>", "text-invalid-value")
    assert finding.severity is Severity.WARNING
    assert where(finding) == (2, 6)
    assert "4,097" in finding.message and "13521" in finding.message


def test_a_queue_name_over_64_characters_is_an_error():
    finding = only(f"<Response><Enqueue>{'q' * 65}</Enqueue></Response>", "text-invalid-value")
    assert finding.severity is Severity.ERROR and "14205" in finding.message
    assert where(finding) == (1, 20)


def test_sids_in_text():
    finding = only("<Response><Dial><Sim>123123123</Sim></Dial></Response>", "text-invalid-value")
    assert finding.severity is Severity.ERROR and "SIM SID" in finding.message
    shortened = only("<Response><Dial><Application>AP1234567890abcdef1234567890abcd</Application></Dial></Response>",
                     "text-invalid-value")
    assert shortened.severity is Severity.WARNING and "30 hexadecimal digits" in shortened.message


@pytest.mark.parametrize("text, fragment", [("foo", "not valid JSON"), ("[1, 2]", "not an object")])
def test_task_text_must_be_a_json_object(text, fragment):
    finding = only(f"<Response><Enqueue workflowSid='WW0123456789abcdef0123456789abcdef'>"
                   f"<Task>{text}</Task></Enqueue></Response>", "text-invalid-value")
    assert finding.severity is Severity.ERROR and fragment in finding.message and "14221" in finding.message


@pytest.mark.parametrize("number", ["+15551234567", "415-123-4567", "(415) 555-1212", "4155551212",
                                    "+44 20 7946 0958", "415.555.1212", "\n   +15551234567\n  ", "911"])
def test_phone_numbers_twilio_accepts_pass(number):
    assert findings(f"<Response><Dial><Number>{number}</Number></Dial></Response>", "text-invalid-value") == []


@pytest.mark.parametrize("number", ["call me", "+1-800-FLOWERS", "tel:+15551234567", "+1234567890123456"])
def test_other_phone_numbers_are_a_warning_13223(number):
    finding = only(f"<Response>\n  <Dial><Number>{number}</Number></Dial>\n</Response>", "text-invalid-value")
    assert finding.severity is Severity.WARNING and "13223" in finding.message
    assert where(finding) == (2, 17)


@pytest.mark.parametrize("uri, severity", [
    ("sip:alice@", Severity.ERROR), ("sip:@example.com", Severity.ERROR), ("http://example.com", Severity.ERROR),
    ("sip:alice@exa mple.com", Severity.ERROR), ("sip:alice@bad_host.example.com", Severity.ERROR),
    ("example.com", Severity.WARNING), ("sip:a@example.com?X-Long=" + "x" * 250, Severity.WARNING),
])
def test_sip_uris(uri, severity):
    finding = only(f"<Response><Dial><Sip>{uri}</Sip></Dial></Response>", "text-invalid-value")
    assert finding.severity is severity
    assert ("13243" in finding.message) is (severity is Severity.ERROR)


# -- the real corpus ------------------------------------------------------------------------------

# Every structure finding over ../shared/corpus/real, reviewed one by one (see the module docstring of
# flowedit.validate.rules.structure for what each rule means). A new false alarm fails this test.
EXPECTED_CORPUS = {
    # The three Application snippets use Twilio's shortened example SID (AP + 30 hex digits): a warning.
    ("text-invalid-value", "warning", "api-snippets/application-dial-application-basic.xml"),
    ("text-invalid-value", "warning", "api-snippets/application-dial-application-customerid.xml"),
    ("text-invalid-value", "warning", "api-snippets/application-dial-application-parameter.xml"),
    # Helper-library tests with dummy values: <Task>foo</Task> is not JSON, <Sim>123123123</Sim> no SID.
    ("text-invalid-value", "error", "twilio-node/serialize-enqueue-task.xml"),
    ("text-invalid-value", "error", "twilio-python/dial-sim.xml"),
    # The deliberately odd files: <Message> in a Voice response, made-up <Ninja>, <alexa>, <purchase>.
    ("unknown-element", "warning", "api-snippets/quickstart-csharp-sms-example-7.xml"),
    ("unknown-element", "warning", "twilio-node/allow-children-of-child-nodes.xml"),
    ("unknown-element", "warning", "twilio-ruby/response-generic-child-nodes.xml"),
    # Old snippets Twilio later deleted: Room statusCallback/mediaRegion and Connect timeout exist in no
    # helper library; the old say-as `role` (renamed format); the plural statusCallbackEvents (§6).
    ("unknown-attribute", "warning", "api-snippets-history/connect-3-connect-room-action-at-46d94fa.xml"),
    ("unknown-attribute", "warning", "api-snippets-history/connect-4-connect-room-timeout-at-46d94fa.xml"),
    ("unknown-attribute", "warning", "api-snippets-history/connect-5-connect-room-media-region-at-46d94fa.xml"),
    ("unknown-attribute", "warning", "twilio-node/render-attributes-with-dashes.xml"),
    ("unknown-attribute", "warning", "twilio-node/serialize-array-attributes-as-space-delimited.xml"),
    # Redacted numbers +*-***-***-****.
    ("template-placeholder", "warning", "community/mhubrich-twilio-buzzer-forwarder-twiml.xml"),
    # Helper-library tests of empty elements: <Client/>, <Redirect/>, <Say/> do nothing.
    ("missing-required-text", "error", "twilio-ruby/dial-empty-dial-client.xml"),
    ("missing-required-text", "error", "twilio-ruby/redirect-empty-redirect.xml"),
    ("missing-required-text", "error", "twilio-ruby/say-empty-say.xml"),
}


@pytest.mark.corpus
@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"the corpus is not at {CORPUS}")
def test_the_corpus_gives_exactly_the_reviewed_structure_findings():
    found = corpus_findings()
    assert [f for _, f in found if f.rule == "internal-error"] == []
    mine = {(f.rule, f.severity.value, file) for file, f in found if f.rule in STRUCTURE_RULES}
    assert mine == EXPECTED_CORPUS
