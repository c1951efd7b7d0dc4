"""A believable Swedish demo company, built deterministically from a seed.

The support desk of *Fjällbo Kontor AB*, which sells office supplies and an ordering portal to
Swedish businesses: three teams, eight agents, forty customer organizations, two hundred contacts
and a few thousand tickets spread over the last 90 days.

Everything goes through the real services (``fyr.accounts.services``, ``fyr.customers.services``,
``fyr.tickets.services``) inside ``fyr.core.clock.at(...)``, so events, versions and the metrics
computed from them are the same as if the history had really happened. Randomness comes only
from ``random.Random(seed)``: the same seed and the same ``now`` give the same data.

Customer addresses use the reserved ``.example`` top-level domain and phone numbers come from the
range the Swedish regulator (PTS) keeps for fiction (070-174 06 05 … 070-174 06 99), so no real
person is ever contacted, even if someone later answers a demo ticket with a mail server set up.
"""

from __future__ import annotations

import random
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from datetime import time as clock_time
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import Count
from django.test.utils import override_settings
from django.utils import timezone

from fyr.accounts import services as accounts
from fyr.accounts.choices import Role
from fyr.accounts.models import Team, User
from fyr.calendars import services as calendars
from fyr.calendars.models import Calendar
from fyr.core import clock
from fyr.customers import services as customers
from fyr.customers.choices import IdentityKind
from fyr.customers.models import Contact, ContactIdentity, Organization
from fyr.knowledge import demo as knowledge_demo
from fyr.macros import demo as macros_demo
from fyr.mail import services as mail
from fyr.mail.models import Mailbox
from fyr.sla import services as sla
from fyr.sla.choices import Escalation, Metric
from fyr.sla.models import SlaPolicy
from fyr.tickets import services as tickets
from fyr.tickets.choices import Channel, DeliveryStatus, Priority, Status
from fyr.tickets.events import Actor
from fyr.tickets.inbound import Inbound, ThreadHints
from fyr.tickets.models import Message, Ticket

DEMO_ADMIN_EMAIL = "admin@demo.fyr.se"
DEMO_PASSWORD = "fyr-demo"
DEFAULT_TICKETS = 2000
DEFAULT_SEED = 42
HISTORY_DAYS = 90
BATCH_SIZE = 100
STOCKHOLM = ZoneInfo("Europe/Stockholm")

# --- the company ---------------------------------------------------------------------------------

#: Kundtjänst: orders, deliveries, returns; Teknisk support: login, the portal, bugs;
#: Fakturering: invoices, payments, contracts.
TEAMS = ["Kundtjänst", "Teknisk support", "Fakturering"]

#: (name, local part, role, team, is team lead)
AGENTS: list[tuple[str, str, str, str | None, bool]] = [
    ("Maria Lindqvist", "admin", Role.ADMIN, None, False),
    ("Anna Bergström", "anna.bergstrom", Role.AGENT, "Kundtjänst", True),
    ("Johan Nilsson", "johan.nilsson", Role.AGENT, "Kundtjänst", False),
    ("Sara Ekholm", "sara.ekholm", Role.AGENT, "Kundtjänst", False),
    ("Erik Johansson", "erik.johansson", Role.AGENT, "Teknisk support", True),
    ("Fatima Hassan", "fatima.hassan", Role.AGENT, "Teknisk support", False),
    ("Lars Öberg", "lars.oberg", Role.LIGHT, "Teknisk support", False),
    ("Karin Sundberg", "karin.sundberg", Role.AGENT, "Fakturering", True),
]

#: (organization, English-speaking)
ORGANIZATIONS: list[tuple[str, bool]] = [
    ("Norrlands Trä AB", False),
    ("Göteborgs Hamnservice AB", False),
    ("Skånska Bageriet AB", False),
    ("Västkustens Fisk AB", False),
    ("Dalarnas Elektriska AB", False),
    ("Uppsala Byggkonsult AB", False),
    ("Mälardalens Transport AB", False),
    ("Östgöta Revision AB", False),
    ("Lapplands Resor AB", False),
    ("Smålands Möbelfabrik AB", False),
    ("Värmlands Skog AB", False),
    ("Gotlands Ull AB", False),
    ("Hallands Trädgård AB", False),
    ("Jämtlands Fjällstugor AB", False),
    ("Blekinge Marin AB", False),
    ("Sörmlands Kafferosteri AB", False),
    ("Stockholms Tandvård AB", False),
    ("Malmö Designstudio AB", False),
    ("Linköpings IT-partner AB", False),
    ("Örebro Verkstad AB", False),
    ("Västerås Energiteknik AB", False),
    ("Helsingborgs Logistik AB", False),
    ("Jönköpings Bokhandel AB", False),
    ("Umeå Medicinteknik AB", False),
    ("Luleå Stål & Smide AB", False),
    ("Karlstads Bilservice AB", False),
    ("Sundsvalls Tryckeri AB", False),
    ("Gävle Fastighetsförvaltning AB", False),
    ("Borås Textil AB", False),
    ("Kalmar Sjöfart AB", False),
    ("Visby Hotell & Konferens AB", False),
    ("Falu Koppar & Form AB", False),
    ("Eskilstuna Mekaniska AB", False),
    ("Trollhättans Automation AB", False),
    ("Halmstads Surf & Fritid AB", False),
    ("Kiruna Gruvservice AB", False),
    ("Ystads Glasbruk AB", False),
    ("Nordic Lights Consulting AB", True),
    ("Baltic Software Group AB", True),
    ("Scandinavian Freight Partners AB", True),
]

SWEDISH_FIRST = [
    "Anders",
    "Annika",
    "Birgitta",
    "Björn",
    "Camilla",
    "Daniel",
    "Elin",
    "Emma",
    "Eva",
    "Fredrik",
    "Gustav",
    "Hanna",
    "Helena",
    "Henrik",
    "Ida",
    "Ingrid",
    "Jakob",
    "Jenny",
    "Jonas",
    "Karl",
    "Kerstin",
    "Kristina",
    "Lena",
    "Linnea",
    "Magnus",
    "Malin",
    "Mats",
    "Mikael",
    "Nils",
    "Olof",
    "Per",
    "Petra",
    "Rasmus",
    "Sofia",
    "Stefan",
    "Therese",
    "Ulf",
    "Viktor",
    "Åsa",
    "Amir",
    "Leila",
    "Mohammed",
    "Noor",
    "Aleksander",
    "Milena",
]
SWEDISH_LAST = [
    "Andersson",
    "Johansson",
    "Karlsson",
    "Nilsson",
    "Eriksson",
    "Larsson",
    "Olsson",
    "Persson",
    "Svensson",
    "Gustafsson",
    "Pettersson",
    "Jonsson",
    "Jansson",
    "Hansson",
    "Bengtsson",
    "Lindberg",
    "Lindström",
    "Lundgren",
    "Axelsson",
    "Berg",
    "Sandberg",
    "Forsberg",
    "Sjöberg",
    "Wallin",
    "Engström",
    "Holm",
    "Nyström",
    "Åberg",
    "Hedlund",
    "Söderberg",
    "Falk",
    "Ali",
    "Kovač",
    "Mäkinen",
    "Haddad",
]
ENGLISH_FIRST = [
    "James",
    "Oliver",
    "Emily",
    "Charlotte",
    "Thomas",
    "Sophie",
    "Daniel",
    "Rachel",
    "Michael",
    "Laura",
    "Peter",
    "Grace",
]
ENGLISH_LAST = [
    "Whitfield",
    "Clarke",
    "Morgan",
    "Hughes",
    "Bennett",
    "Fletcher",
    "Turner",
    "Walsh",
    "O'Brien",
    "Campbell",
]

CONTACTS = 200
PRIVATE_CONTACTS = 12
SHARING_ORGANIZATIONS = 5
FICTION_PHONES = [f"070-174 06 {n:02d}" for n in range(5, 100)]

# --- conversations ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Topic:
    tag: str
    team: str
    types: tuple[str, ...]
    extra_tags: tuple[str, ...]
    #: per language: subjects, openings, follow-ups (customer), answers, more (agent asks again),
    #: solved (agent's closing answer)
    texts: dict[str, dict[str, tuple[str, ...]]]
    notes: tuple[str, ...]


TOPICS: list[Topic] = [
    Topic(
        tag="faktura",
        team="Fakturering",
        types=("question", "question", "complaint"),
        extra_tags=("kreditering", "påminnelse", "autogiro"),
        texts={
            "sv": {
                "subjects": (
                    "Fel belopp på faktura {invoice}",
                    "Påminnelse trots att vi har betalat",
                    "Dubbeldebitering för order {order}?",
                    "Referens saknas på faktura {invoice}",
                ),
                "openings": (
                    "Hej!\n\nVi har fått faktura {invoice} på {amount} men enligt vår beställning "
                    "{order} borde det bli betydligt mindre. Kan ni kontrollera?\n\nMvh {first}",
                    "Hej,\n\nVi fick en påminnelse om faktura {invoice}, men den betalades den "
                    "{date} via bankgiro. Kan ni stämma av och ta bort påminnelseavgiften?\n\n"
                    "Hälsningar\n{first}",
                    "Hej Fjällbo!\n\nDet ser ut som att vi har debiterats två gånger för samma "
                    "leverans ({order}). Kan ni kreditera den ena fakturan?\n\n/{first}",
                    "Hej,\n\nVår ekonomiavdelning undrar varför faktura {invoice} saknar vårt "
                    "referensnummer. Kan ni skicka en ny med referens {ref}?\n\nTack, {first}",
                ),
                "followups": (
                    "Hej igen,\n\nHär kommer betalningsbekräftelsen från banken. Beloppet "
                    "{amount} drogs den {date}.\n\n{first}",
                    "Tack! Vår referens är {ref}. Behöver ni något mer från oss?",
                    "Jag har inte fått någon kreditnota än, har ni skickat den?",
                ),
                "answers": (
                    "Hej {first}!\n\nTack för att du hör av dig. Jag har tittat på faktura "
                    "{invoice} och ser att frakten debiterats dubbelt. Kan du bekräfta att "
                    "leveransen kom i ett paket?",
                    "Hej {first},\n\nJag hittar ingen inbetalning som matchar faktura {invoice} "
                    "ännu. Kan du skicka en kopia på betalningsbekräftelsen så letar jag vidare?",
                    "Hej {first}!\n\nTack, jag har skickat ärendet vidare till vår redovisning "
                    "för kontroll. Jag återkommer så snart jag vet mer.",
                ),
                "more": (
                    "Tack! Jag väntar på svar från vår redovisning och hör av mig igen.",
                    "Tack för bekräftelsen. Vilket bankgironummer betalade ni till?",
                ),
                "solved": (
                    "Hej {first}!\n\nJag har krediterat {amount} och skickat en kreditnota till "
                    "er fakturaadress.",
                    "Hej {first}!\n\nBetalningen är nu matchad mot faktura {invoice} och "
                    "påminnelseavgiften är borttagen.",
                    "Hej {first},\n\nDen ena fakturan för order {order} är makulerad och en "
                    "kreditnota på {amount} är skickad.",
                    "Hej {first},\n\nEn ny faktura med referens {ref} är skickad. Den gamla är "
                    "makulerad, så ni kan bortse från den.",
                ),
            },
            "en": {
                "subjects": (
                    "Wrong amount on invoice {invoice}",
                    "Reminder received although we paid",
                    "Question about invoice {invoice}",
                ),
                "openings": (
                    "Hello,\n\nWe received invoice {invoice} for {amount}, but our order {order} "
                    "should come to much less. Could you please check?\n\nBest regards,\n{first}",
                    "Hi,\n\nWe got a payment reminder for invoice {invoice}, which we paid on "
                    "{date}. Please confirm and remove the reminder fee.\n\nThanks,\n{first}",
                ),
                "followups": (
                    "Hi again, attached is the payment confirmation from our bank ({amount}, "
                    "{date}).",
                    "Thanks. Our purchase order reference is {ref}.",
                ),
                "answers": (
                    "Hi {first},\n\nThank you for contacting us. I can see that shipping was "
                    "charged twice on invoice {invoice}. Could you confirm that the delivery "
                    "arrived as a single parcel?",
                    "Hi {first},\n\nI cannot find a payment matching invoice {invoice} yet. "
                    "Could you send us the payment confirmation?",
                ),
                "more": ("Thank you, I have asked our accounting team and will get back to you.",),
                "solved": (
                    "Hi {first},\n\nWe have credited {amount} and sent a credit note to your "
                    "billing address.",
                    "Hi {first},\n\nThe payment is now matched to invoice {invoice} and the "
                    "reminder fee has been removed. Sorry for the trouble!",
                ),
            },
        },
        notes=(
            "Kollat i Fortnox: frakten är dubbeldebiterad, kreditering behövs.",
            "Kunden har betalat till gamla bankgirot. Meddelat ekonomi.",
            "Stor kund, var extra noga med tonen. /KS",
        ),
    ),
    Topic(
        tag="leverans",
        team="Kundtjänst",
        types=("question", "incident"),
        extra_tags=("försenad", "skadat-gods", "express"),
        texts={
            "sv": {
                "subjects": (
                    "Var är vår leverans? Order {order}",
                    "Skadat paket vid leverans",
                    "Fel vara levererad",
                    "Ändrad leveransadress för {order}",
                ),
                "openings": (
                    "Hej!\n\nVi beställde kontorsmaterial ({order}) för en vecka sedan och har "
                    "fortfarande inte fått något. Spårningen har stått still sedan {date}.\n\n"
                    "Mvh {first}",
                    "Hej,\n\nLeveransen med order {order} kom i dag men en av kartongerna var "
                    "trasig och två skrivbordslampor är krossade. Bilder bifogas.\n\n{first}",
                    "Hej,\n\nVi har fått 20 förpackningar A5-block i stället för A4. Kan ni "
                    "byta?\n\nHälsningar {first}",
                    "Hej! Kan ni leverera order {order} till vårt lager i stället för "
                    "kontoret? Adressen är Industrivägen 12.\n\n/{first}",
                ),
                "followups": (
                    "Fortfarande inget paket här. Vi behöver materialet till måndag.",
                    "Ja, det gäller hela leveransen. Ska vi skicka tillbaka de trasiga?",
                    "Tack, hur lång tid tar det med ny leverans?",
                ),
                "answers": (
                    "Hej {first}!\n\nTack för att du hörde av dig. Jag har kontaktat "
                    "transportören och de letar efter sändningen. Jag återkommer senast i "
                    "morgon.",
                    "Hej {first},\n\nVad tråkigt att leveransen var skadad! Kan du bekräfta "
                    "vilka artiklar som behöver ersättas?",
                    "Hej {first}!\n\nJag ser att order {order} lämnade vårt lager {date}. Den "
                    "borde vara framme inom två arbetsdagar.",
                ),
                "more": (
                    "Transportören har hittat paketet på terminalen i Jönköping. Jag "
                    "återkommer när det är på väg igen.",
                    "Jag har bokat upphämtning av de trasiga varorna. Passar det i morgon "
                    "förmiddag?",
                ),
                "solved": (
                    "Hej {first},\n\nPaketet är nu levererat enligt transportören. Hör av dig "
                    "om något saknas!",
                    "Hej {first}!\n\nNya lampor är skickade med express och kommer i morgon. "
                    "Du behöver inte skicka tillbaka de trasiga.",
                    "Hej {first}!\n\nRätt vara är skickad och en returfraktsedel för "
                    "felleveransen är mejlad till dig.",
                    "Hej {first}!\n\nLeveransadressen är ändrad för order {order}.",
                ),
            },
            "en": {
                "subjects": ("Where is our delivery? Order {order}", "Damaged parcel"),
                "openings": (
                    "Hello,\n\nWe ordered office supplies ({order}) a week ago and nothing has "
                    "arrived. Tracking has not moved since {date}.\n\nRegards,\n{first}",
                    "Hi,\n\nOrder {order} arrived today but one box was damaged and two desk "
                    "lamps are broken.\n\n{first}",
                ),
                "followups": (
                    "Still no parcel here. We need the supplies by Monday.",
                    "Yes, the whole delivery. Should we send the broken items back?",
                ),
                "answers": (
                    "Hi {first},\n\nThank you for letting us know. I have contacted the carrier "
                    "and they are tracing the shipment. I will get back to you tomorrow.",
                    "Hi {first},\n\nSorry the delivery was damaged! Could you confirm which "
                    "items need replacing?",
                ),
                "more": ("The carrier found the parcel at the terminal. I will update you soon.",),
                "solved": (
                    "Hi {first},\n\nThe carrier confirms the parcel has been delivered.",
                    "Hi {first},\n\nA replacement has been sent by express and will arrive "
                    "tomorrow. No need to return anything.",
                ),
            },
        },
        notes=(
            "Transportören (PostNord) bekräftar att kollit ligger kvar på terminalen.",
            "Ersättning godkänd av Anna, skicka med express.",
            "Tredje försenade leveransen för kunden i år, ta upp med logistik.",
        ),
    ),
    Topic(
        tag="inloggning",
        team="Teknisk support",
        types=("incident", "question"),
        extra_tags=("bankid", "lösenord", "mobilapp"),
        texts={
            "sv": {
                "subjects": (
                    "Kan inte logga in i beställningsportalen",
                    "BankID-inloggningen fungerar inte",
                    "Återställ lösenord för {first}",
                    "Kontot låst efter för många försök",
                ),
                "openings": (
                    "Hej!\n\nJag kommer inte in i beställningsportalen sedan i morse. Det står "
                    '"Felaktigt användarnamn eller lösenord" fast jag är säker på att det '
                    "stämmer.\n\n{first}",
                    "Hej,\n\nNär jag loggar in med BankID snurrar det bara och sedan kommer jag "
                    "tillbaka till startsidan. Provat både Chrome och Safari.\n\nMvh {first}",
                    "Hej! Länken för att återställa lösenordet har gått ut. Kan ni skicka en "
                    "ny?\n\n/{first}",
                    "Hej,\n\nVårt konto är låst efter för många inloggningsförsök. Vi behöver "
                    "lägga en beställning i dag.\n\n{first}",
                ),
                "followups": (
                    "Jag har provat det nu men det fungerar fortfarande inte.",
                    "Jag använder Safari på en Mac, senaste versionen.",
                    "Nu kom jag in men jag ser inte våra tidigare beställningar.",
                ),
                "answers": (
                    "Hej {first}!\n\nTack för att du hör av dig. Kan du prova att rensa "
                    "webbläsarens cookies för portalen och logga in igen?",
                    "Hej {first},\n\nJag har låst upp kontot. Vilken webbläsare och version "
                    "använder du?",
                    "Hej {first}!\n\nJag har skickat en ny återställningslänk. Den gäller i 30 "
                    "minuter.",
                ),
                "more": (
                    "Tack! Jag har skickat vidare till utvecklarna med din information.",
                    "Kan du skicka en skärmbild på felmeddelandet?",
                ),
                "solved": (
                    "Hej {first},\n\nKontot var kopplat till fel företag. Det är rättat och du "
                    "kan logga in igen.",
                    "Hej {first}!\n\nFelet berodde på ett certifikatbyte hos BankID-"
                    "leverantören och är nu åtgärdat. Prova gärna igen.",
                    "Hej {first}!\n\nSkönt att den nya länken fungerade. Jag stänger ärendet.",
                    "Hej {first},\n\nKontot är upplåst. Hör av dig om det låser sig igen.",
                ),
            },
            "en": {
                "subjects": ("Cannot log in to the ordering portal", "Password reset link expired"),
                "openings": (
                    "Hello,\n\nI have not been able to log in to the ordering portal since this "
                    'morning. It says "Wrong username or password" but I am sure they are '
                    "right.\n\n{first}",
                    "Hi, the password reset link has expired. Could you send a new one?\n\n{first}",
                ),
                "followups": (
                    "I tried that but it still does not work.",
                    "I am using Firefox on Windows 11.",
                ),
                "answers": (
                    "Hi {first},\n\nThanks for reaching out. Could you clear the cookies for "
                    "the portal and try again?",
                    "Hi {first},\n\nI have unlocked your account. Which browser do you use?",
                ),
                "more": ("Thanks, I have passed this on to our developers.",),
                "solved": (
                    "Hi {first},\n\nThe problem was caused by a certificate change and has been "
                    "fixed. Please try again.",
                    "Hi {first},\n\nGlad the new link worked. I am closing this ticket.",
                ),
            },
        },
        notes=(
            "Ser i loggarna att sessionen tappas efter BankID-svaret. Samma som FYR-812?",
            "Kontot var kopplat till fel organisation. Rättat i admin.",
            "Kan vara cookie-problemet i Safari igen, be kunden testa privat fönster.",
        ),
    ),
    Topic(
        tag="retur",
        team="Kundtjänst",
        types=("task", "question"),
        extra_tags=("returfrakt", "byte", "ångerrätt"),
        texts={
            "sv": {
                "subjects": (
                    "Retur av kontorsstolar",
                    "Returfraktsedel för order {order}",
                    "Byte av skrivare",
                ),
                "openings": (
                    "Hej!\n\nVi vill returnera fem kontorsstolar från order {order}, de passar "
                    "inte våra skrivbord. Hur går vi tillväga?\n\nMvh {first}",
                    "Hej,\n\nKan ni skicka en returfraktsedel för order {order}? Vi har packat "
                    "varorna i originalkartongen.\n\n{first}",
                    "Hej! Skrivaren vi köpte ({order}) skriver ut randigt. Kan vi byta den mot "
                    "en ny?\n\n/{first}",
                ),
                "followups": (
                    "Paketet är lämnat hos ombudet i dag.",
                    "Stolarna är oanvända och ligger i originalförpackningen.",
                    "När kan vi räkna med återbetalningen?",
                ),
                "answers": (
                    "Hej {first}!\n\nDu har 30 dagars returrätt. Jag har skickat en "
                    "returfraktsedel till din e-post.",
                    "Hej {first},\n\nTråkigt med skrivaren! Jag skickar en ny och bokar "
                    "upphämtning av den gamla.",
                    "Hej {first}!\n\nÄr varorna oanvända? Då kan vi ta emot returen utan avdrag.",
                ),
                "more": ("Tack! Jag meddelar lagret att returen är på väg.",),
                "solved": (
                    "Hej {first}!\n\nReturen är mottagen och {amount} återbetalas inom fem "
                    "bankdagar.",
                    "Hej {first}!\n\nReturen har kommit fram till vårt lager. Krediteringen "
                    "på {amount} syns på nästa faktura.",
                    "Hej {first},\n\nDen nya skrivaren är levererad och den gamla är hämtad. "
                    "Tack för ditt tålamod!",
                ),
            },
            "en": {
                "subjects": ("Return of office chairs", "Return label for order {order}"),
                "openings": (
                    "Hello,\n\nWe would like to return five office chairs from order {order}. "
                    "How do we proceed?\n\n{first}",
                    "Hi, could you send a return label for order {order}?\n\n{first}",
                ),
                "followups": ("The parcel was handed in today.", "When will we get the refund?"),
                "answers": (
                    "Hi {first},\n\nYou have a 30-day return right. I have emailed you a return "
                    "label.",
                ),
                "more": ("Thanks, I have told our warehouse that the return is on its way.",),
                "solved": (
                    "Hi {first},\n\nThe return has arrived and {amount} will be refunded within "
                    "five banking days.",
                ),
            },
        },
        notes=(
            "Returen är godkänd trots att 30 dagar passerat, lojal kund.",
            "Lagret har tagit emot returen, inga skador.",
        ),
    ),
    Topic(
        tag="bugg",
        team="Teknisk support",
        types=("incident", "problem"),
        extra_tags=("portalen", "integration", "api"),
        texts={
            "sv": {
                "subjects": (
                    "Varukorgen töms av sig själv",
                    "Fel i orderexporten till vårt affärssystem",
                    "Felmeddelande 500 vid beställning",
                    "Priserna visas utan moms",
                ),
                "openings": (
                    "Hej!\n\nNär vi lägger fler än 20 artiklar i varukorgen töms den när vi går "
                    "till kassan. Det har hänt tre gånger i dag.\n\n{first}",
                    "Hej,\n\nExporten av ordrar till vårt affärssystem har slutat fungera sedan "
                    "{date}. Filen blir tom.\n\nMvh {first}",
                    'Hej! Vi får "Serverfel (500)" när vi försöker skicka beställning {order}.'
                    "\n\n/{first}",
                    "Hej,\n\nI portalen visas alla priser plötsligt utan moms, fast vi har valt "
                    "att se priser inklusive moms.\n\n{first}",
                ),
                "followups": (
                    "Det händer både i Chrome och Edge.",
                    "Här är tidpunkten när det hände senast: i dag kl. 10.42.",
                    "Det fungerar fortfarande inte tyvärr.",
                ),
                "answers": (
                    "Hej {first}!\n\nTack för en tydlig felrapport. Jag har kunnat återskapa "
                    "felet och skickat det till utvecklarna.",
                    "Hej {first},\n\nKan du berätta ungefär när felet inträffade senast, så "
                    "letar jag i loggarna?",
                    "Hej {first}!\n\nVi känner till problemet och jobbar på en lösning. Jag "
                    "hör av mig när den är ute.",
                ),
                "more": (
                    "Utvecklarna har hittat orsaken och en rättning kommer i veckan.",
                    "Tack! Jag ser felet i loggarna nu.",
                ),
                "solved": (
                    "Hej {first}!\n\nEn rättning är nu i drift. Prova gärna igen och hör av dig "
                    "om något fortfarande krånglar.",
                    "Hej {first},\n\nExporten fungerar igen och de saknade ordrarna har skickats "
                    "om.",
                    "Hej {first}!\n\nFelet vid beställning är rättat och order {order} är nu "
                    "registrerad.",
                    "Hej {first},\n\nMomsinställningen är återställd, priserna visas nu "
                    "inklusive moms igen.",
                ),
            },
            "en": {
                "subjects": ("Basket empties itself", "Error 500 when ordering"),
                "openings": (
                    "Hello,\n\nWhen we add more than 20 items to the basket it is emptied at "
                    "checkout. It happened three times today.\n\n{first}",
                    'Hi, we get "Server error (500)" when we submit order {order}.\n\n{first}',
                ),
                "followups": ("It happens in both Chrome and Edge.", "It still does not work."),
                "answers": (
                    "Hi {first},\n\nThanks for the clear report. I could reproduce the problem "
                    "and have passed it to our developers.",
                    "Hi {first},\n\nWhen did it last happen? Then I can look in our logs.",
                ),
                "more": ("Our developers found the cause; a fix is coming this week.",),
                "solved": (
                    "Hi {first},\n\nA fix has been deployed. Please try again and let us know "
                    "if anything still fails.",
                ),
            },
        },
        notes=(
            "Återskapat i test: varukorgen tappas när sessionen förnyas. Bugg skapad i Jira.",
            "Samma fel som tre andra kunder rapporterat i dag, kopplat till releasen i går.",
            "Export-jobbet kraschar på orderrader med tomt artikelnummer.",
        ),
    ),
    Topic(
        tag="avtal",
        team="Fakturering",
        types=("question", "task"),
        extra_tags=("uppsägning", "ramavtal"),
        texts={
            "sv": {
                "subjects": (
                    "Förlängning av ramavtal",
                    "Ändra fakturaadress",
                    "Uppsägning av abonnemang",
                ),
                "openings": (
                    "Hej!\n\nVårt ramavtal löper ut vid årsskiftet. Kan ni skicka ett förslag på "
                    "förlängning?\n\nMvh {first}",
                    "Hej,\n\nVi har flyttat. Kan ni ändra fakturaadressen till Storgatan 5?\n\n"
                    "{first}",
                    "Hej! Vi vill säga upp abonnemanget på kaffeautomaten från nästa månad.\n\n"
                    "/{first}",
                ),
                "followups": (
                    "Tack! Gäller samma rabatt som i dag?",
                    "Organisationsnumret är 556{ref}.",
                ),
                "answers": (
                    "Hej {first}!\n\nJag tar fram ett förslag och skickar det inom en vecka.",
                    "Hej {first},\n\nKan du bekräfta ert organisationsnummer?",
                ),
                "more": (
                    "Tack, jag har lagt in ändringen och väntar på bekräftelse från säljaren.",
                ),
                "solved": (
                    "Hej {first}!\n\nFörslaget på förlängt ramavtal är skickat till dig för "
                    "signering.",
                    "Hej {first}!\n\nÄndringen är genomförd och gäller från nästa faktura.",
                    "Hej {first},\n\nUppsägningen är registrerad. Sista debitering sker {date}.",
                ),
            },
            "en": {
                "subjects": ("Renewal of framework agreement", "Change billing address"),
                "openings": (
                    "Hello,\n\nOur framework agreement ends at the turn of the year. Could you "
                    "send a renewal proposal?\n\n{first}",
                ),
                "followups": ("Thanks. Will the same discount apply?",),
                "answers": ("Hi {first},\n\nI will prepare a proposal within a week.",),
                "more": ("Thanks, I am waiting for confirmation from our sales team.",),
                "solved": ("Hi {first},\n\nThe change is done and applies from the next invoice.",),
            },
        },
        notes=("Kunden har 12 % rabatt enligt gällande avtal.", "Säljaren Peter är informerad."),
    ),
]
TOPIC_WEIGHTS = [22, 26, 18, 12, 14, 8]

THANKS = {
    "sv": (
        "Tack, nu fungerar det!",
        "Toppen, tack för snabb hjälp!",
        "Tack så mycket, då är vi nöjda.",
        "Perfekt, tack!",
    ),
    "en": ("Thanks, it works now!", "Great, thank you for the quick help!", "Perfect, thanks!"),
}
REOPEN = {
    "sv": (
        "Hej igen, tyvärr har samma problem kommit tillbaka.",
        "Det här är inte löst, vi har fortfarande samma fel.",
    ),
    "en": ("Hello again, unfortunately the same problem is back.", "This is not solved yet."),
}
SIGNATURE = {
    "sv": "Vänliga hälsningar,\n{agent}\nFjällbo Kontor",
    "en": "Kind regards,\n{agent}\nFjällbo Kontor",
}

CHANNELS = [Channel.EMAIL, Channel.WEB, Channel.CHAT, Channel.PHONE, Channel.API]
CHANNEL_WEIGHTS = [52, 18, 14, 10, 6]
PRIORITIES = ["low", "normal", "high", "urgent"]
PRIORITY_WEIGHTS = [15, 60, 20, 5]
#: number of public messages (customer and agent, alternating) per ticket: 1..8
MESSAGE_COUNT_WEIGHTS = [8, 26, 22, 18, 11, 7, 5, 3]


# --- results -------------------------------------------------------------------------------------


@dataclass
class DemoSummary:
    teams: int = 0
    agents: int = 0
    organizations: int = 0
    contacts: int = 0
    tickets: int = 0
    messages: int = 0
    seconds: float = 0.0
    statuses: dict[str, int] = field(default_factory=dict)


@dataclass
class _Company:
    teams: dict[str, Team]
    admin: User
    agents_by_team: dict[str, list[User]]
    leads: dict[str, User]
    light: User
    light_team: str
    contacts: list[Contact]
    contact_weights: list[float]
    phones: dict[int, str]
    emails: dict[int, str]


# --- public entry points -------------------------------------------------------------------------


def has_tickets() -> bool:
    return Ticket.objects.exists()


def is_empty() -> bool:
    """No tickets and no agents: a fresh install that the demo may fill."""
    return not Ticket.objects.exists() and not User.objects.exists()


def seed(
    *,
    tickets_count: int = DEFAULT_TICKETS,
    seed_value: int = DEFAULT_SEED,
    now: datetime | None = None,
    progress: Callable[[str], None] | None = None,
) -> DemoSummary:
    """Build the demo company and ``tickets_count`` tickets of history ending at ``now``.

    Delivery is switched off while seeding: the tasks backend is the dummy one (nothing is
    queued, so no worker mails a fictional customer), each demo reply is then marked as
    delivered through ``services.record_delivery``, and realtime pushes go nowhere (no open desk
    needs 20,000 "ticket changed" pings for history).
    """
    started = time.monotonic()
    rng = random.Random(seed_value)
    anchor = (now or timezone.now()).replace(second=0, microsecond=0)
    with override_settings(
        TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}},
        CHANNEL_LAYERS={},
    ):
        with clock.at(anchor - timedelta(days=HISTORY_DAYS + 1)), transaction.atomic():
            company = _build_company(rng)
        starts = _ticket_times(rng, tickets_count, anchor)
        # Email message ids must be new in this database (receive() is idempotent on them), yet
        # the same for the same seed and starting state: derive them from both, not from chance.
        token = f"{int(anchor.timestamp())}.{seed_value}.{Ticket.objects.count()}"
        for offset in range(0, tickets_count, BATCH_SIZE):
            with transaction.atomic():
                for index in range(offset, min(offset + BATCH_SIZE, tickets_count)):
                    _TicketStory(rng, company, anchor, f"{token}.{index}").play(starts[index])
            if progress is not None:
                done = min(offset + BATCH_SIZE, tickets_count)
                if done % 500 == 0 or done == tickets_count:
                    progress(f"{done}/{tickets_count} tickets")
    summary = DemoSummary(
        teams=Team.objects.count(),
        agents=User.objects.count(),
        organizations=Organization.objects.count(),
        contacts=Contact.objects.count(),
        tickets=Ticket.objects.count(),
        messages=Message.objects.count(),
        seconds=time.monotonic() - started,
    )
    summary.statuses = {
        row["status"]: row["n"]
        for row in Ticket.objects.values("status").order_by("status").annotate(n=Count("id"))
    }
    return summary


# --- the company ---------------------------------------------------------------------------------


def _build_company(rng: random.Random) -> _Company:
    teams = {name: accounts.get_or_create_team(name) for name in TEAMS}
    _mailboxes(teams)
    _calendar()
    _sla_policies()

    agents_by_team: dict[str, list[User]] = {name: [] for name in TEAMS}
    leads: dict[str, User] = {}
    admin = light = None
    light_team = ""
    for name, local, role, team_name, lead in AGENTS:
        email = f"{local}@demo.fyr.se"
        user = User.objects.filter(email=email).first()
        if user is None:
            user = accounts.create_agent(email=email, name=name, role=role, password=DEMO_PASSWORD)
        if team_name is not None:
            accounts.add_to_team(user, teams[team_name], lead=lead)
            if role != Role.LIGHT:
                agents_by_team[team_name].append(user)
            if lead:
                leads[team_name] = user
        if role == Role.ADMIN:
            admin = user
        elif role == Role.LIGHT:
            light, light_team = user, team_name or ""
    assert admin is not None and light is not None
    macros_demo.seed(admin, teams)
    knowledge_demo.seed()

    organizations: list[tuple[Organization, str, bool]] = []
    sharing = set(rng.sample(range(len(ORGANIZATIONS)), SHARING_ORGANIZATIONS))
    for index, (name, english) in enumerate(ORGANIZATIONS):
        domain = f"{_slug(name)}.example"
        organization = Organization.objects.filter(name=name).first()
        if organization is None:
            organization = customers.create_organization(
                name=name, domains=[domain], shares_tickets=index in sharing
            )
        organizations.append((organization, domain, english))

    contacts: list[Contact] = []
    phones: dict[int, str] = {}
    emails: dict[int, str] = {}
    used: set[str] = set()
    free_phones = list(FICTION_PHONES)
    rng.shuffle(free_phones)
    for index in range(CONTACTS):
        if index < len(organizations):
            organization, domain, english = organizations[index]
        elif index < CONTACTS - PRIVATE_CONTACTS:
            organization, domain, english = rng.choice(organizations)
        else:
            organization, domain, english = None, "post.example", False
        english = english or rng.random() < 0.05
        first = rng.choice(ENGLISH_FIRST if english else SWEDISH_FIRST)
        last = rng.choice(ENGLISH_LAST if english else SWEDISH_LAST)
        local = _slug(f"{first}.{last}", keep=".")
        email = f"{local}@{domain}"
        suffix = 2
        while email in used:
            email = f"{local}{suffix}@{domain}"
            suffix += 1
        used.add(email)
        phone = free_phones.pop() if free_phones and rng.random() < 0.3 else ""
        contact = customers.find_contact(IdentityKind.EMAIL, email)
        if contact is None:
            if (
                phone
                and ContactIdentity.objects.filter(
                    kind=IdentityKind.PHONE, value=customers.normalize(IdentityKind.PHONE, phone)
                ).exists()
            ):
                phone = ""
            contact = customers.create_contact(
                name=f"{first} {last}",
                email=email,
                phone=phone,
                organization=organization,
                language="en" if english else "sv",
            )
        contacts.append(contact)
        emails[contact.pk] = email
        if phone:
            phones[contact.pk] = phone
    # A few customers write far more than others, as in every real desk.
    weights = [rng.paretovariate(1.5) for _ in contacts]
    return _Company(
        teams=teams,
        admin=admin,
        agents_by_team=agents_by_team,
        leads=leads,
        light=light,
        light_team=light_team,
        contacts=contacts,
        contact_weights=weights,
        phones=phones,
        emails=emails,
    )


#: (address, sender name, team): one mailbox per team, the first one the default for replies.
MAILBOXES = [
    ("kundtjanst@demo.fyr.se", "Fyr Demo Kundtjänst", "Kundtjänst"),
    ("support@demo.fyr.se", "Fyr Demo Teknisk support", "Teknisk support"),
    ("faktura@demo.fyr.se", "Fyr Demo Fakturering", "Fakturering"),
]


def _mailboxes(teams: dict[str, Team]) -> None:
    for index, (address, name, team) in enumerate(MAILBOXES):
        if not Mailbox.objects.filter(address=address).exists():
            mail.save_mailbox(
                Mailbox(
                    address=address,
                    name=name,
                    team=teams[team],
                    is_default=index == 0,
                    signature="Fyr Demo AB · 08-123 45 67 · fyr.se",
                )
            )


def _calendar() -> None:
    """Office hours, the default calendar: Mon–Thu 08:00–17:00, Fri 08:00–16:00, closed on
    Swedish public holidays and midsommar-, jul- and nyårsafton."""
    if Calendar.objects.exists():
        return
    periods = [
        calendars.PeriodIn(day, clock_time(8), clock_time(16 if day == 4 else 17))
        for day in range(5)
    ]
    calendars.create_calendar(
        calendars.CalendarIn(name="Kontorstid", periods=periods, is_default=True)
    )


def _sla_policies() -> None:
    """Two promises in business hours: urgent and high tickets answered within the hour, the
    rest within four; team leads hear of every breach, assignees get a warning first."""
    if SlaPolicy.objects.exists():
        return
    warn = [{"action": Escalation.NOTIFY_ASSIGNEE}]
    breach = [{"action": Escalation.NOTIFY_TEAM_LEADS}]
    sla.create_policy(
        sla.PolicyInput(
            name="Brådskande",
            description="Akuta och högprioriterade ärenden",
            conditions={"priority": [Priority.HIGH, Priority.URGENT]},
            targets=[
                sla.TargetInput(Metric.FIRST_RESPONSE, 60),
                sla.TargetInput(Metric.NEXT_REPLY, 2 * 60),
                sla.TargetInput(Metric.RESOLUTION, 2 * 9 * 60),
            ],
            warn_before_minutes=15,
            on_warning=warn,
            on_breach=[*breach, {"action": Escalation.RAISE_PRIORITY}],
        )
    )
    sla.create_policy(
        sla.PolicyInput(
            name="Standard",
            description="Alla andra ärenden",
            targets=[
                sla.TargetInput(Metric.FIRST_RESPONSE, 4 * 60),
                sla.TargetInput(Metric.NEXT_REPLY, 8 * 60),
                sla.TargetInput(Metric.RESOLUTION, 5 * 9 * 60),
            ],
            warn_before_minutes=30,
            on_warning=warn,
            on_breach=breach,
        )
    )


def _slug(text: str, *, keep: str = "") -> str:
    table = str.maketrans({"å": "a", "ä": "a", "ö": "o", "é": "e", "č": "c", "ü": "u"})
    lowered = text.lower().translate(table).removesuffix(" ab")
    return re.sub(rf"[^a-z0-9{re.escape(keep)}]", "", lowered)


def _ticket_times(rng: random.Random, count: int, anchor: datetime) -> list[datetime]:
    """Creation times over the last 90 days, mostly on weekdays in office hours (Stockholm)."""
    local_anchor = anchor.astimezone(STOCKHOLM)
    times: list[datetime] = []
    while len(times) < count:
        day = local_anchor.date() - timedelta(days=rng.randrange(HISTORY_DAYS))
        weekend = day.weekday() >= 5
        if weekend and rng.random() < 0.75:
            continue
        hour = min(23, max(0, int(rng.gauss(11.5, 3.2))))
        local = datetime(
            day.year,
            day.month,
            day.day,
            hour,
            rng.randrange(60),
            rng.randrange(60),
            tzinfo=STOCKHOLM,
        )
        instant = local.astimezone(anchor.tzinfo)
        if instant < anchor - timedelta(minutes=5):
            times.append(instant)
    times.sort()
    return times


# --- one ticket's history ------------------------------------------------------------------------


class _TicketStory:
    """Plays one ticket's life through the services, each step at its historic time."""

    def __init__(self, rng: random.Random, company: _Company, anchor: datetime, token: str) -> None:
        self.rng = rng
        self.company = company
        self.anchor = anchor
        self.token = token
        self.topic = rng.choices(TOPICS, TOPIC_WEIGHTS)[0]
        self.contact = rng.choices(company.contacts, company.contact_weights)[0]
        self.lang = "en" if self.contact.language == "en" else "sv"
        channel = rng.choices(CHANNELS, CHANNEL_WEIGHTS)[0]
        if channel == Channel.PHONE and self.contact.pk not in company.phones:
            channel = Channel.EMAIL
        self.channel = channel
        team_name = self.topic.team
        self.team = company.teams[team_name]
        self.assignee = rng.choice(company.agents_by_team[team_name])
        self.lead = company.leads[team_name]
        self.texts = self.topic.texts[self.lang]
        self.values = {
            "first": self.contact.name.split(" ")[0],
            "order": f"SO-{rng.randrange(40000, 99999)}",
            "invoice": f"F{rng.randrange(202600000, 202699999)}",
            "amount": f"{rng.randrange(300, 48000):,} kr".replace(",", " "),
            "ref": f"{rng.randrange(100000, 999999)}",
        }
        self.sequence = 0
        self.opening = 0
        self.ticket: Ticket | None = None

    # -- helpers

    def _fill(self, choices: Sequence[str]) -> str:
        return self.rng.choice(choices).format(**self.values)

    def _solution(self) -> str:
        """The closing answer listed at the same place as the opening (its solution)."""
        solved = self.texts["solved"]
        return solved[self.opening % len(solved)].format(**self.values)

    def _fits(self, when: datetime) -> bool:
        return when < self.anchor

    def _later(self, when: datetime, *, agent: bool) -> datetime:
        """The next moment someone answers: agents work weekdays 7–18, customers 6–23."""
        return self._awake(when + self._gap(agent=agent), agent=agent)

    def _awake(self, when: datetime, *, agent: bool) -> datetime:
        local = when.astimezone(STOCKHOLM)
        first, last = (7, 18) if agent else (6, 23)
        if local.hour >= last:
            local += timedelta(days=1)
        if local.hour >= last or local.hour < first:
            local = local.replace(hour=first, minute=self.rng.randrange(60))
        while agent and local.weekday() >= 5:
            local += timedelta(days=1)
        return local.astimezone(when.tzinfo)

    def _gap(self, *, agent: bool) -> timedelta:
        if self.channel == Channel.CHAT:
            return timedelta(seconds=self.rng.randrange(40, 600))
        if self.channel == Channel.PHONE and agent:
            return timedelta(minutes=self.rng.randrange(2, 30))
        if agent:
            return timedelta(minutes=min(60 * 30, int(self.rng.lognormvariate(4.3, 1.0))))
        return timedelta(minutes=min(60 * 72, int(self.rng.lognormvariate(5.5, 1.1))))

    def _sender(self) -> customers.Identity:
        if self.channel == Channel.PHONE:
            return customers.Identity(
                IdentityKind.PHONE, self.company.phones[self.contact.pk], self.contact.name
            )
        return customers.Identity(
            IdentityKind.EMAIL, self.company.emails[self.contact.pk], self.contact.name
        )

    def _external_id(self) -> str | None:
        self.sequence += 1
        if self.channel != Channel.EMAIL:
            return None
        return f"<demo.{self.token}.{self.sequence}@mail.example>"

    def _customer_writes(self, when: datetime, text: str, subject: str = "") -> None:
        inbound = Inbound(
            channel=self.channel,
            sender=self._sender(),
            subject=subject,
            text=text,
            external_id=self._external_id(),
            thread=ThreadHints(ticket_id=self.ticket.pk if self.ticket else None),
            received_at=when,
            team_id=self.team.pk,
        )
        with clock.at(when):
            received = tickets.receive(inbound)
        self.ticket = received.ticket

    def _agent_replies(self, when: datetime, text: str, status: str | None) -> None:
        assert self.ticket is not None
        signed = text + "\n\n" + SIGNATURE[self.lang].format(agent=self.assignee.name)
        with clock.at(when):
            message = tickets.reply(self.ticket, author=self.assignee, body=signed, status=status)
            # Demo history: the reply counts as delivered; nothing is ever sent (see ``seed``).
            if message.delivery_status == DeliveryStatus.QUEUED:
                tickets.record_delivery(message, external_id=None)

    def _change(self, when: datetime, actor: Actor, **changes: object) -> None:
        assert self.ticket is not None
        with clock.at(when):
            tickets.change_ticket(self.ticket, actor=actor, changes=changes)

    # -- the story

    def play(self, start: datetime) -> None:
        rng = self.rng
        # Subjects and openings are listed in pairs: the mail's subject matches its text.
        self.values["date"] = (start - timedelta(days=rng.randrange(1, 30))).strftime("%Y-%m-%d")
        index = self.opening = rng.randrange(len(self.texts["openings"]))
        subjects = self.texts["subjects"]
        subject = subjects[min(index, len(subjects) - 1)].format(**self.values)
        opening = self.texts["openings"][index].format(**self.values)
        self._customer_writes(start, opening, subject)
        when = start

        # Triage: the team lead (or the assignee picking it up) sets who, how urgent, what.
        when = self._awake(when + timedelta(minutes=rng.randrange(2, 90)), agent=True)
        if not self._fits(when) or rng.random() < 0.03:
            return  # still untouched in the shared queue
        tags = [self.topic.tag]
        if rng.random() < 0.35:
            tags.append(rng.choice(self.topic.extra_tags))
        if self.contact.organization_id and rng.random() < 0.1:
            tags.append("vip")
        triager = self.lead if rng.random() < 0.6 else self.assignee
        self._change(
            when,
            Actor.of_agent(triager),
            assignee=self.assignee,
            priority=rng.choices(PRIORITIES, PRIORITY_WEIGHTS)[0],
            type=rng.choice(self.topic.types),
            tags=tags,
        )

        if rng.random() < 0.22:
            when = self._awake(when + timedelta(minutes=rng.randrange(1, 45)), agent=True)
            if not self._fits(when):
                return
            # The light agent (a developer on Teknisk support) only notes on their team's tickets.
            in_team = self.topic.team == self.company.light_team
            author = self.company.light if in_team and rng.random() < 0.5 else self.assignee
            assert self.ticket is not None  # the customer's opening message created it
            with clock.at(when):
                tickets.add_note(self.ticket, author=author, body=rng.choice(self.topic.notes))

        planned = rng.choices(range(1, 9), MESSAGE_COUNT_WEIGHTS)[0]
        outcome = rng.choices(["solved", "pending", "on_hold", "open"], [86, 7, 3, 4])[0]
        if planned == 1:
            # Answered by phone or solved without a written reply: the agent just solves it.
            when = self._later(when, agent=True)
            if self._fits(when) and outcome == "solved":
                self._change(when, Actor.of_agent(self.assignee), status=Status.SOLVED)
                self._maybe_close(when)
            return
        for position in range(2, planned + 1):
            agent_turn = position % 2 == 0
            when = self._later(when, agent=agent_turn)
            if not self._fits(when):
                return
            last = position == planned
            if agent_turn:
                if last:
                    status = {
                        "solved": Status.SOLVED,
                        "pending": Status.PENDING,
                        "on_hold": Status.ON_HOLD,
                    }.get(outcome)
                    body = (
                        self._solution() if outcome == "solved" else self._fill(self.texts["more"])
                    )
                elif position == 2:
                    status, body = Status.PENDING, self._fill(self.texts["answers"])
                else:
                    status, body = Status.PENDING, self._fill(self.texts["more"])
                self._agent_replies(when, body, status)
            elif last and outcome == "solved":
                self._customer_writes(when, rng.choice(THANKS[self.lang]), self._re(subject))
                when = self._later(when, agent=True)
                if self._fits(when):
                    self._change(when, Actor.of_agent(self.assignee), status=Status.SOLVED)
            else:
                self._customer_writes(when, self._fill(self.texts["followups"]), self._re(subject))
        if self.ticket is not None and self.ticket.status == Status.SOLVED:
            self._maybe_reopen_and_close(when)

    def _re(self, subject: str) -> str:
        return f"Re: {subject}" if self.channel == Channel.EMAIL else ""

    def _maybe_reopen_and_close(self, when: datetime) -> None:
        rng = self.rng
        if rng.random() < 0.08:
            when = self._awake(when + timedelta(hours=rng.randrange(4, 60)), agent=False)
            if not self._fits(when):
                return
            self._customer_writes(when, rng.choice(REOPEN[self.lang]))
            when = self._later(when, agent=True)
            if not self._fits(when):
                return
            self._agent_replies(when, self._solution(), Status.SOLVED)
        self._maybe_close(when)

    def _maybe_close(self, solved_at: datetime) -> None:
        """Solved tickets close automatically four days later, as a nightly automation would."""
        closing = solved_at + timedelta(days=4, hours=self.rng.randrange(0, 12))
        if self._fits(closing) and self.ticket is not None:
            self._change(closing, Actor.system(), status=Status.CLOSED)
