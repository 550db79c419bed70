from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command


@pytest.mark.django_db
def test_demo_users_can_sign_in_with_the_printed_passwords(settings):
    settings.DEBUG = True
    out = StringIO()
    call_command("create_demo_users", stdout=out)
    call_command("create_demo_users", stdout=StringIO())  # running it twice is fine
    printed = [line.split() for line in out.getvalue().splitlines()]
    assert [name for name, _password in printed] == ["revisor", "admin"]
    for name, password in printed:
        assert authenticate(username=name, password=password) is not None
