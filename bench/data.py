"""Small word and name lists the generator draws from, shared with the benchmark's queries.

The benchmark searches for ``COMMON_FIRST_NAME_PREFIX`` and ``COMMON_WORD``: both are
bound to occur because the generator draws names and message words from these lists.
"""


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


FIRST_NAMES = _words(
    """
    James Mary John Patricia Robert Jennifer Michael Linda William Elizabeth David Barbara
    Richard Susan Joseph Jessica Thomas Sarah Charles Karen Emily Oliver Charlotte Harry
    José María Juan Lucía Carlos Sofía Javier Marta Alejandro Paula João Ana Pedro Beatriz
    Gonçalo Inês Giulia Marco Francesca Lorenzo Chiara Matteo Mario Marina
    François Amélie Élodie Jérôme Camille Léa Hélène Noël Jürgen Anna Lukas Sophie
    Maximilian Lena Jörg Greta Daan Sanne Søren Ingrid Björn Åsa Zoë Markus
    Łukasz Agnieszka Wojciech Małgorzata Jiří Tereza Dmitri Natalia Ivan Olga Giorgos Eleni
    Mehmet Ayşe Emre Zeynep Mohammed Fatima Omar Layla Reza Shirin Arjun Priya Rahul Ananya
    Haruto Yui Sota Aoi Wei Li Mei Jun Minjun Seoyeon Amani Baraka Adebayo Chiamaka
    """
)

LAST_NAMES = _words(
    """
    Smith Johnson Williams Brown Jones Miller Davis Wilson Taylor Anderson García Martínez
    Rodríguez López Hernández González Pérez Sánchez Silva Santos Oliveira Costa Rossi Russo
    Ferrari Esposito Bianchi Martin Bernard Dubois Lefèvre Moreau Müller Schmidt Schneider
    Fischer Weber Meyer Wagner Becker Visser Jansen Nielsen Hansen Johansson Andersson
    Kowalski Nowak Wiśniewski Dvořák Novák Ivanov Petrova Papadopoulos Y\u0131lmaz Kaya Demir
    Haddad Khalil Hosseini Sharma Patel Gupta Singh Tanaka Suzuki Sato Watanabe Wang Zhang
    Chen Liu Kim Park Lee Mwangi Okafor Adeyemi
    """
)

EMAIL_DOMAINS = _words(
    """
    gmail.com yahoo.com outlook.com hotmail.com proton.me icloud.com web.de gmx.de orange.fr
    libero.it wp.pl seznam.cz yandex.ru naver.com qq.com example.org acme-corp.com globex.io
    """
)

#: Support vocabulary (frequent enough that full-text search has many hits), glue words so
#: texts read like sentences, and a few other languages as customers write them.
WORDS = _words(
    """
    order refund invoice payment delivery shipping package tracking account password login
    subscription cancel upgrade downgrade billing charge card discount coupon price plan
    trial receipt return exchange broken damaged missing late address email phone support
    help issue problem error bug crash app website checkout cart product size color stock
    available warranty repair replacement install setup update version sync export import
    report dashboard settings notification integration webhook token reset verify confirm
    urgent asap
    hello hi thanks thank you please could would can I we my our your the a an is was not
    still already again today yesterday week since after before when why how what number
    received sent working works does did need want get see check looks like just also but
    and or with for on in to from about there it this that
    hola gracias pedido factura envío bonjour merci commande livraison remboursement hallo
    danke bestellung rechnung lieferung ciao grazie ordine obrigado encomenda dziękuję
    zamówienie
    """
)

LABELS = _words(
    """
    billing bug feature-request vip refund shipping onboarding churn-risk enterprise feedback
    urgent how-to integration mobile security partner sales-lead complaint escalated follow-up
    """
)

TEAMS = ("Support", "Sales", "Billing", "Technical", "VIP")

SUBJECTS = (
    "Where is my order?",
    "Refund request",
    "Cannot log in",
    "Invoice question",
    "Problem with my subscription",
    "Damaged package",
    "Change of address",
    "Feature request",
    "Payment failed",
    "Question about pricing",
)

#: What the benchmark's ``q`` scenarios search for (a name prefix, a message word).
COMMON_FIRST_NAME_PREFIX = "mar"
COMMON_WORD = "refund"
