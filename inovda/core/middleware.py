from django.utils.deprecation import MiddlewareMixin


class IndonesianByDefaultMiddleware(MiddlewareMixin):
    """Indonesian unless the user picked another language with the switch (its cookie).

    The browser's Accept-Language is ignored: a civil servant whose browser happens to be
    set to English still gets the product in Indonesian by default.
    """

    def process_request(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
