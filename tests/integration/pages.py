"""Driving the HTML forms from a test client as a browser would: the form's CSRF token, signing in."""
import re


def csrf(page: str | bytes) -> str:
    """The CSRF token in a page's form."""
    html = page.decode() if isinstance(page, bytes) else page
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)


def sign_in(client, email: str, password: str, next_url: str = ""):
    page = client.get("/login")
    return client.post("/login" + next_url,
                       data={"email": email, "password": password, "csrf_token": csrf(page.text)})
