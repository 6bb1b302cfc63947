"""Known language tags per attribute, as the helper libraries list them.

This module owns only tag lists. Every list is *open*: Twilio adds voices and recognisers often, so
a well-formed tag that is missing here is drift (a warning), never an error. Sources: the Say and
Gather lists are the NODE type unions the reference counts (§3.1 "NODE lists 69", §3.4 "NODE allows
130"); the SSML `xml:lang` and Pay lists are given in full in §2.1 and §3.16.
"""

from __future__ import annotations


def _tags(text: str) -> tuple[str, ...]:
    return tuple(text.split())


SAY_LANGUAGES: tuple[str, ...] = _tags("""
    af-ZA am-ET ar-AE ar-XA arb bg-BG bn-IN ca-ES cmn-CN cmn-TW cs-CZ cy-GB da-DK de-AT de-DE
    el-GR en-AU en-CA en-GB en-GB-WLS en-IE en-IN en-NZ en-US en-ZA es-ES es-MX es-US fi-FI
    fil-PH fr-CA fr-FR fr-BE gu-IN he-IL hi-IN hu-HU id-ID is-IS it-IT ja-JP kn-IN ko-KR lv-LV
    ml-IN mr-IN ms-MY nb-NO nl-BE nl-NL pa-IN pl-PL pt-BR pt-PT ro-RO ru-RU sk-SK sr-RS sv-SE
    ta-IN te-IN th-TH tr-TR uk-UA vi-VN yue-HK zh-CN zh-HK zh-TW
    """)
"""`<Say language>` (NODE SayLanguage, 69 tags; §3.1)."""

GATHER_LANGUAGES: tuple[str, ...] = _tags("""
    af-ZA am-ET ar-AE ar-BH ar-DZ ar-EG ar-IL ar-IQ ar-JO ar-KW ar-LB ar-MA ar-OM ar-PS ar-QA
    ar-SA ar-TN az-AZ bg-BG bn-BD bn-IN ca-ES cs-CZ da-DK de-DE el-GR en-AU en-CA en-GB en-GH
    en-IE en-IN en-KE en-NG en-NZ en-PH en-SG en-TZ en-US en-ZA es-AR es-BO es-CL es-CO es-CR
    es-DO es-EC es-ES es-GT es-HN es-MX es-NI es-PA es-PE es-PR es-PY es-SV es-US es-UY es-VE
    et-EE eu-ES fa-IR fi-FI fil-PH fr-CA fr-FR gl-ES gu-IN he-IL hi-IN hr-HR hu-HU hy-AM id-ID
    is-IS it-IT ja-JP jv-ID ka-GE km-KH kn-IN ko-KR lo-LA lt-LT lv-LV mk-MK ml-IN mn-MN mr-IN
    ms-MY my-MM nar-IQ nb-NO ne-NP nl-BE nl-NL pa-guru-IN pl-PL pt-BR pt-PT ro-RO ru-RU si-LK
    sk-SK sl-SI sq-AL sr-RS su-ID sv-SE sw-KE sw-TZ ta-IN ta-LK ta-MY ta-SG te-IN th-TH tr-TR
    uk-UA ur-IN ur-PK uz-UZ vi-VN yue-Hant-HK zh cmn-Hans-CN zh-TW cmn-Hant-TW zu-ZA
    """)
"""`<Gather language>` (NODE GatherLanguage, 130 tags; §3.4)."""

SSML_LANGUAGES: tuple[str, ...] = _tags("""
    arb ar-AE ca-ES cmn-CN cy-GB da-DK de-DE de-AT en-AU en-GB en-GB-WLS en-IN en-NZ en-US en-ZA
    es-ES es-MX es-US fi-FI fr-CA fr-FR he-IL hi-IN is-IS it-IT ja-JP ko-KR nb-NO nl-NL pl-PL
    pt-BR pt-PT ro-RO ru-RU sv-SE tr-TR yue-CN
    """)
"""SSML `<lang xml:lang>` (37 tags; §2.1)."""

PAY_LANGUAGES: tuple[str, ...] = _tags("""
    de-DE en-AU en-CA en-GB en-IN en-IE en-NZ en-PH en-ZA en-US es-ES es-US fr-CA fr-FR it-IT
    """)
"""`<Pay language>` (15 tags; §3.16)."""
