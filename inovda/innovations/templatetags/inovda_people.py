from django import template

register = template.Library()


@register.filter
def person(user) -> str:
    """A user's full name, else the username; "—" when there is nobody."""
    if user is None or user == "":
        return "—"
    return user.get_full_name() or user.username
