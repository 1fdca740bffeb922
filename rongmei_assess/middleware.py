from django.conf import settings
from django.utils import translation
from django.utils.cache import add_never_cache_headers


class ChineseFirstLocaleMiddleware:
    """Chinese unless the user chose another language with the language switcher (its cookie).

    Django's LocaleMiddleware would also follow the browser's Accept-Language, which turns the product
    English for county staff whose phone or office PC happens to be set to English.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.available = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.available else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


class ContentSecurityPolicyMiddleware:
    """Sends ``settings.CONTENT_SECURITY_POLICY`` with every response that has none."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        return response


class NoStoreForSignedInMiddleware:
    """``Cache-Control: no-store`` on every response to a signed-in user: pages and downloads (PDF, XLSX,
    CSV, ZIP, JSON) carry a centre's answers and scores, which must not stay in a shared office computer's
    browser cache or in a proxy after logging out. Static files never get here (WhiteNoise serves them
    earlier in the chain) and stay cacheable.

    It also names the member a response was made for (``X-Member``, their user id): the offline service
    worker (templates/offline/sw.js) keeps questionnaire pages per member and drops another member's.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)  # absent when a middleware before authentication answered
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)
            response.headers.setdefault("X-Member", str(user.pk))
        return response
