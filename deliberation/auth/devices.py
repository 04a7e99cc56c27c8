"""A User-Agent header in words a member recognises ("Firefox on Android"), for the sign-in list."""
import re

from flask_babel import gettext as _

#: First match wins: Edge and Opera also say Chrome, Chrome also says Safari.
BROWSERS = [("Edge", r"Edg(e|A|iOS)?/"), ("Opera", r"OPR/|Opera"), ("Samsung Internet", r"SamsungBrowser/"),
            ("Firefox", r"Firefox/|FxiOS/"), ("Chrome", r"Chrome/|CriOS/"), ("Safari", r"Safari/")]
SYSTEMS = [("iPhone", r"iPhone"), ("iPad", r"iPad"), ("Android", r"Android"), ("ChromeOS", r"CrOS"),
           ("Windows", r"Windows"), ("macOS", r"Mac OS X|Macintosh"), ("Linux", r"Linux")]


def device_label(user_agent: str | None) -> str:
    ua = user_agent or ""
    browser = next((name for name, pattern in BROWSERS if re.search(pattern, ua)), None)
    system = next((name for name, pattern in SYSTEMS if re.search(pattern, ua)), None)
    if browser and system:
        return _("%(browser)s on %(system)s", browser=browser, system=system)
    if browser or system:
        return browser or system
    return _("An unrecognised browser or program")
