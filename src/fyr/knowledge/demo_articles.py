"""The demo knowledge base of *Fjällbo Kontor AB* as plain data.

Fjällbo sells office supplies and an ordering portal to Swedish businesses; its support desk has
three teams (Kundtjänst, Teknisk support, Fakturering) and the tickets in the demo are about
invoices, deliveries, logging in, returns, bugs and agreements (see ``fyr.core.demo``). These
articles answer the questions those customers ask most. Each article is written in Swedish (the
original) and translated into English. ``fyr.knowledge.demo.seed()`` loads this data; the bot's
benchmark (``bench/bot.py``) asks questions about it.

Keys are stable identifiers: ``related`` lists other articles' keys. ``visibility`` is "public"
or "internal" (agents only).
"""

from __future__ import annotations

from typing import Any

CATEGORIES: list[dict[str, Any]] = [
    # --- Beställning och portalen -------------------------------------------------------------
    {
        "slug": "bestallning",
        "name_sv": "Beställning och portalen",
        "name_en": "Ordering and the portal",
        "description_sv": "Så beställer du, hittar tidigare ordrar och hanterar användare i beställningsportalen.",
        "description_en": "How to order, find earlier orders and manage users in the ordering portal.",
        "sections": [
            {
                "slug": "bestalla",
                "name_sv": "Beställa",
                "name_en": "Placing orders",
                "articles": [
                    {
                        "key": "place-order",
                        "faq": True,
                        "visibility": "public",
                        "related": ["change-cancel-order", "delivery-times"],
                        "sv": {
                            "title": "Så lägger du en beställning i portalen",
                            "summary": "Sök fram varorna, lägg dem i varukorgen och gå till kassan. Beställningar före kl. 14 skickas samma arbetsdag.",
                            "body": """Du beställer kontorsmaterial, papper, möbler och allt annat i vårt sortiment direkt i beställningsportalen. Beställningar som kommer in före kl. 14 på en vardag skickas samma dag.

## Steg för steg

1. Logga in på beställningsportalen.
2. Sök på artikelnamn eller artikelnummer, eller bläddra bland kategorierna.
3. Välj antal och klicka på **Lägg i varukorgen**.
4. Öppna varukorgen och kontrollera leveransadress och er referens.
5. Klicka på **Skicka beställning**.

Du får en orderbekräftelse med ordernummer (till exempel *FK-123456*) till din e-post inom några minuter.

## Bra att veta

- Minsta ordervärde är 300 kr exkl. moms.
- Om ert företag använder attestflöde skickas beställningen först till attestansvarig.
- Saknas en vara i sortimentet? Kontakta kundtjänst så tar vi fram ett pris.
""",
                        },
                        "en": {
                            "title": "How to place an order in the portal",
                            "summary": "Find the products, add them to the basket and go to checkout. Orders placed before 2 pm are shipped the same working day.",
                            "body": """You order office supplies, paper, furniture and everything else in our range directly in the ordering portal. Orders received before 2 pm on a weekday are shipped the same day.

## Step by step

1. Log in to the ordering portal.
2. Search by product name or item number, or browse the categories.
3. Choose a quantity and click **Add to basket**.
4. Open the basket and check the delivery address and your reference.
5. Click **Submit order**.

An order confirmation with an order number (for example *FK-123456*) is emailed to you within a few minutes.

## Good to know

- The minimum order value is SEK 300 excluding VAT.
- If your company uses an approval flow, the order first goes to the approver.
- Missing a product in the range? Contact customer service and we will quote a price.
""",
                        },
                    },
                    {
                        "key": "change-cancel-order",
                        "faq": True,
                        "visibility": "public",
                        "related": ["place-order", "change-delivery-address"],
                        "sv": {
                            "title": "Ändra eller avbryta en beställning",
                            "summary": "Så länge ordern har status Mottagen kan du ändra eller avbryta den själv under Mina beställningar. När den har plockats behöver du kontakta kundtjänst.",
                            "body": """Du kan ändra eller avbryta en order själv så länge den har status **Mottagen**. När lagret har börjat plocka den går det inte längre att ändra i portalen.

## Ändra eller avbryta själv

1. Gå till **Mina beställningar**.
2. Öppna ordern.
3. Klicka på **Ändra** för att byta antal eller ta bort rader, eller på **Avbryt order**.

## Om ordern redan plockas eller är skickad

| Orderstatus | Vad du kan göra |
|---|---|
| Mottagen | Ändra eller avbryta själv i portalen |
| Plockas | Kontakta kundtjänst snarast, vi försöker stoppa den |
| Skickad | Ta emot leveransen och returnera det du inte vill ha |

Avbrutna ordrar faktureras inte.
""",
                        },
                        "en": {
                            "title": "Changing or cancelling an order",
                            "summary": "While the order has the status Received you can change or cancel it yourself under My orders. Once it is being picked, contact customer service.",
                            "body": """You can change or cancel an order yourself as long as its status is **Received**. Once the warehouse has started picking it, it can no longer be changed in the portal.

## Change or cancel it yourself

1. Go to **My orders**.
2. Open the order.
3. Click **Change** to adjust quantities or remove lines, or **Cancel order**.

## If the order is already being picked or has shipped

| Order status | What you can do |
|---|---|
| Received | Change or cancel it yourself in the portal |
| Picking | Contact customer service quickly, we will try to stop it |
| Shipped | Accept the delivery and return what you do not want |

Cancelled orders are not invoiced.
""",
                        },
                    },
                    {
                        "key": "order-history",
                        "faq": False,
                        "visibility": "public",
                        "related": ["place-order", "invoice-copy"],
                        "sv": {
                            "title": "Hitta tidigare beställningar och orderbekräftelser",
                            "summary": "Alla ordrar från de senaste tre åren finns under Mina beställningar, där du också kan ladda ner orderbekräftelsen och beställa samma varor igen.",
                            "body": """Under **Mina beställningar** ser du alla ordrar som ert företag har lagt de senaste tre åren.

## Så hittar du en order

1. Logga in och klicka på **Mina beställningar**.
2. Sök på ordernummer, datum eller artikel.
3. Öppna ordern för att se rader, status och spårningslänk.

Därifrån kan du:

- ladda ner orderbekräftelsen som PDF,
- klicka på **Beställ igen** för att lägga samma varor i varukorgen,
- se vilken faktura ordern hör till.

Ser du inte ordrar som dina kollegor har lagt? Be er administratör ge dig behörigheten *Se företagets ordrar*.
""",
                        },
                        "en": {
                            "title": "Finding earlier orders and order confirmations",
                            "summary": "All orders from the last three years are under My orders, where you can also download the order confirmation and order the same items again.",
                            "body": """**My orders** shows every order your company has placed in the last three years.

## Finding an order

1. Log in and click **My orders**.
2. Search by order number, date or product.
3. Open the order to see its lines, status and tracking link.

From there you can:

- download the order confirmation as a PDF,
- click **Order again** to put the same items in the basket,
- see which invoice the order belongs to.

Cannot see orders placed by your colleagues? Ask your administrator for the permission *See the company's orders*.
""",
                        },
                    },
                    {
                        "key": "prices-vat",
                        "faq": False,
                        "visibility": "public",
                        "related": ["contract-prices"],
                        "sv": {
                            "title": "Visa priser med eller utan moms",
                            "summary": "Välj under Mina inställningar om priserna ska visas inklusive eller exklusive moms. Valet gäller din användare.",
                            "body": """Priserna i portalen visas exklusive moms som standard, eftersom vi säljer till företag. Du kan själv välja att se dem inklusive moms.

## Byt prisvisning

1. Klicka på ditt namn uppe till höger och välj **Mina inställningar**.
2. Under **Prisvisning**, välj *Inklusive moms* eller *Exklusive moms*.
3. Klicka på **Spara**.

Inställningen gäller din användare och sparas mellan inloggningar. Fakturan visar alltid både belopp exklusive moms och momsen (25 % på de flesta varor).

Visas priserna fel trots att du har valt rätt? Logga ut och in igen. Hjälper inte det, kontakta teknisk support.
""",
                        },
                        "en": {
                            "title": "Showing prices with or without VAT",
                            "summary": "Choose under My settings whether prices are shown including or excluding VAT. The choice applies to your user.",
                            "body": """Prices in the portal are shown excluding VAT by default, since we sell to businesses. You can choose to see them including VAT.

## Change how prices are shown

1. Click your name in the top right corner and choose **My settings**.
2. Under **Price display**, choose *Including VAT* or *Excluding VAT*.
3. Click **Save**.

The setting applies to your user and is kept between logins. The invoice always shows both the amount excluding VAT and the VAT (25% on most products).

Prices still shown wrongly although you chose correctly? Log out and in again. If that does not help, contact technical support.
""",
                        },
                    },
                ],
            },
            {
                "slug": "anvandare",
                "name_sv": "Användare och behörigheter",
                "name_en": "Users and permissions",
                "articles": [
                    {
                        "key": "add-users",
                        "faq": False,
                        "visibility": "public",
                        "related": ["approval-flow", "reset-password"],
                        "sv": {
                            "title": "Lägga till och ta bort användare",
                            "summary": "Företagets administratör bjuder in nya kollegor som användare under Företaget › Användare och tar bort den som slutar.",
                            "body": """Varje företag har minst en administratör som hanterar vilka som får beställa.

## Bjud in en ny användare

1. Gå till **Företaget › Användare**.
2. Klicka på **Bjud in användare** och skriv personens e-postadress.
3. Välj roll: *Beställare*, *Attestant* eller *Administratör*.
4. Klicka på **Skicka inbjudan**. Inbjudan gäller i 7 dagar.

## Ta bort en användare

Har någon slutat? Öppna användaren och klicka på **Inaktivera**. Personen kan inte längre logga in, men ordrar personen har lagt finns kvar.

| Roll | Får göra |
|---|---|
| Beställare | Lägga ordrar, se egna ordrar |
| Attestant | Som beställare, plus godkänna andras ordrar |
| Administratör | Allt, inklusive användare och företagsuppgifter |
""",
                        },
                        "en": {
                            "title": "Adding and removing users",
                            "summary": "Your company's administrator invites new colleagues as users under Company › Users and removes anyone who leaves.",
                            "body": """Every company has at least one administrator who manages who may order.

## Invite a new user

1. Go to **Company › Users**.
2. Click **Invite user** and enter the person's email address.
3. Choose a role: *Buyer*, *Approver* or *Administrator*.
4. Click **Send invitation**. The invitation is valid for 7 days.

## Remove a user

Has someone left the company? Open the user and click **Deactivate**. The person can no longer log in, but the orders they placed are kept.

| Role | May |
|---|---|
| Buyer | Place orders, see their own orders |
| Approver | As a buyer, plus approve other people's orders |
| Administrator | Everything, including users and company details |
""",
                        },
                    },
                    {
                        "key": "approval-flow",
                        "faq": False,
                        "visibility": "public",
                        "related": ["add-users", "place-order"],
                        "sv": {
                            "title": "Attestflöde: ordrar som måste godkännas",
                            "summary": "Med attestflöde måste ordrar över en beloppsgräns godkännas av en attestant innan de skickas till lagret. Administratören ställer in gränsen.",
                            "body": """Attestflödet gör att ordrar över en viss beloppsgräns måste godkännas innan vi tar emot dem.

## Slå på attestflöde

1. Som administratör, gå till **Företaget › Attest**.
2. Ange beloppsgränsen (till exempel 5 000 kr exkl. moms).
3. Välj vilka användare som är attestanter.

## Så fungerar det

- En order över gränsen får status **Väntar på attest** och attestanten får ett mejl.
- Attestanten godkänner eller avvisar ordern under **Att attestera**.
- En godkänd order skickas till lagret direkt. En order som inte attesterats inom 14 dagar avbryts.

Leveranstiden räknas från att ordern är attesterad.
""",
                        },
                        "en": {
                            "title": "Approval flow: orders that need approving",
                            "summary": "With the approval flow, orders above an amount must be approved by an approver before they go to the warehouse. The administrator sets the limit.",
                            "body": """The approval flow means that orders above a set amount must be approved before we receive them.

## Turn on the approval flow

1. As an administrator, go to **Company › Approval**.
2. Enter the amount limit (for example SEK 5,000 excluding VAT).
3. Choose which users are approvers.

## How it works

- An order above the limit gets the status **Awaiting approval** and the approver receives an email.
- The approver approves or rejects the order under **To approve**.
- An approved order goes to the warehouse immediately. An order not approved within 14 days is cancelled.

Delivery time is counted from when the order is approved.
""",
                        },
                    },
                ],
            },
        ],
    },
    # --- Leverans -----------------------------------------------------------------------------
    {
        "slug": "leverans",
        "name_sv": "Leverans och frakt",
        "name_en": "Delivery and shipping",
        "description_sv": "Leveranstider, fraktkostnader, spårning och vad du gör om något gått fel med leveransen.",
        "description_en": "Delivery times, shipping costs, tracking and what to do when a delivery goes wrong.",
        "sections": [
            {
                "slug": "leveranstider",
                "name_sv": "Leveranstider och frakt",
                "name_en": "Delivery times and shipping",
                "articles": [
                    {
                        "key": "delivery-times",
                        "faq": True,
                        "visibility": "public",
                        "related": ["express-delivery", "track-order"],
                        "sv": {
                            "title": "Leveranstider och fraktkostnader",
                            "summary": "Vanlig leverans tar 1–3 arbetsdagar och är fraktfri från 1 500 kr exkl. moms. Under det kostar frakten 95 kr.",
                            "body": """Beställningar som kommer in före kl. 14 en vardag skickas samma dag. Vanlig leverans tar 1–3 arbetsdagar beroende på var i Sverige ni finns.

| Leveranssätt | Leveranstid | Frakt |
|---|---|---|
| Standard | 1–3 arbetsdagar | 95 kr, fraktfritt från 1 500 kr |
| Express | Nästa arbetsdag före kl. 12 | 295 kr |
| Skrymmande gods (möbler) | 3–7 arbetsdagar | Enligt offert |

Alla priser är exklusive moms. Till orter i fjällen och på Gotland kan leveransen ta en dag längre.

Vi levererar med PostNord och DB Schenker. Du ser vilken transportör som har din order i orderbekräftelsen.
""",
                        },
                        "en": {
                            "title": "Delivery times and shipping costs",
                            "summary": "Standard delivery takes 1–3 working days and is free from SEK 1,500 excluding VAT. Below that, shipping costs SEK 95.",
                            "body": """Orders received before 2 pm on a weekday are shipped the same day. Standard delivery takes 1–3 working days depending on where in Sweden you are.

| Delivery method | Delivery time | Shipping |
|---|---|---|
| Standard | 1–3 working days | SEK 95, free from SEK 1,500 |
| Express | Next working day before noon | SEK 295 |
| Bulky goods (furniture) | 3–7 working days | Quoted |

All prices exclude VAT. Deliveries to the mountain regions and Gotland may take one day longer.

We deliver with PostNord and DB Schenker. The order confirmation shows which carrier has your order.
""",
                        },
                    },
                    {
                        "key": "track-order",
                        "faq": True,
                        "visibility": "public",
                        "related": ["delayed-delivery", "delivery-times"],
                        "sv": {
                            "title": "Spåra din leverans",
                            "summary": "När ordern har skickats får du ett mejl med paketets spårningsnummer (kolli-ID) och en spårningslänk. Länken finns också på ordern under Mina beställningar.",
                            "body": """När ordern lämnar vårt lager får du ett mejl med kolli-ID och en länk till transportörens spårning.

## Hitta spårningen i portalen

1. Gå till **Mina beställningar** och öppna ordern.
2. Klicka på **Spåra leverans**.

## Vad betyder statusen?

- **Mottagen** – vi har tagit emot beställningen.
- **Plockas** – lagret packar varorna.
- **Skickad** – paketet är hos transportören; spårningen uppdateras oftast inom några timmar.
- **Levererad** – transportören har lämnat paketet.

Står spårningen still i mer än två arbetsdagar? Läs *Försenad leverans*.
""",
                        },
                        "en": {
                            "title": "Tracking your delivery",
                            "summary": "When the order has shipped you receive an email with the parcel's tracking number (parcel ID) and a tracking link. The link is also on the order under My orders.",
                            "body": """When the order leaves our warehouse you receive an email with a parcel ID and a link to the carrier's tracking.

## Finding the tracking in the portal

1. Go to **My orders** and open the order.
2. Click **Track delivery**.

## What does the status mean?

- **Received** – we have received the order.
- **Picking** – the warehouse is packing the items.
- **Shipped** – the parcel is with the carrier; tracking usually updates within a few hours.
- **Delivered** – the carrier has delivered the parcel.

Tracking has not moved for more than two working days? Read *Delayed delivery*.
""",
                        },
                    },
                    {
                        "key": "express-delivery",
                        "faq": False,
                        "visibility": "public",
                        "related": ["delivery-times"],
                        "sv": {
                            "title": "Expressleverans till nästa dag",
                            "summary": "Välj Express i kassan före kl. 14 så levereras ordern nästa arbetsdag före kl. 12. Express kostar 295 kr exkl. moms.",
                            "body": """Behöver ni varorna snabbare kan du välja expressleverans i kassan.

1. Lägg varorna i varukorgen.
2. Välj **Express** under leveranssätt.
3. Skicka beställningen före kl. 14.

Ordern levereras då nästa arbetsdag före kl. 12. Express kostar 295 kr exkl. moms, även när ordern annars skulle vara fraktfri.

Express gäller inte skrymmande gods som möbler, och inte leveranser till Gotland eller orter utan expressutdelning. Kassan visar om express går att välja till er adress.
""",
                        },
                        "en": {
                            "title": "Express delivery next day",
                            "summary": "Choose Express at checkout before 2 pm and the order is delivered the next working day before noon. Express costs SEK 295 excluding VAT.",
                            "body": """If you need the items quickly, choose express delivery at checkout.

1. Add the items to the basket.
2. Choose **Express** as the delivery method.
3. Submit the order before 2 pm.

The order is then delivered the next working day before noon. Express costs SEK 295 excluding VAT, even when the order would otherwise ship for free.

Express does not apply to bulky goods such as furniture, nor to deliveries to Gotland or places without express service. Checkout shows whether express is available for your address.
""",
                        },
                    },
                    {
                        "key": "change-delivery-address",
                        "faq": False,
                        "visibility": "public",
                        "related": ["change-cancel-order", "change-company-details"],
                        "sv": {
                            "title": "Ändra leveransadress",
                            "summary": "Lägg till fler leveransadresser under Företaget › Adresser och välj adress i kassan. För en order som redan är lagd kan vi byta adress tills den har skickats.",
                            "body": """Ni kan ha flera leveransadresser, till exempel kontoret och lagret, och välja vilken som ska användas vid varje beställning.

## Lägg till en adress

1. Gå till **Företaget › Adresser**.
2. Klicka på **Ny leveransadress** och fyll i adress och eventuell portkod.
3. Spara. Adressen går nu att välja i kassan.

## Byt adress på en lagd order

Så länge ordern har status *Mottagen* kan du byta adress själv under **Mina beställningar**. Har lagret börjat plocka ordern, kontakta kundtjänst med ordernummer och den nya adressen så ändrar vi den om det hinns. När ordern är skickad kan adressen inte ändras.
""",
                        },
                        "en": {
                            "title": "Changing the delivery address",
                            "summary": "Add more delivery addresses under Company › Addresses and pick one at checkout. For an order already placed we can change the address until it has shipped.",
                            "body": """You can have several delivery addresses, for example the office and the warehouse, and choose which one to use for each order.

## Add an address

1. Go to **Company › Addresses**.
2. Click **New delivery address** and fill in the address and any door code.
3. Save. The address can now be chosen at checkout.

## Change the address of an order already placed

While the order has the status *Received* you can change the address yourself under **My orders**. If the warehouse has started picking it, contact customer service with the order number and the new address and we will change it if there is time. Once the order has shipped the address cannot be changed.
""",
                        },
                    },
                ],
            },
            {
                "slug": "leveransproblem",
                "name_sv": "Problem med leveransen",
                "name_en": "Problems with a delivery",
                "articles": [
                    {
                        "key": "damaged-delivery",
                        "faq": True,
                        "visibility": "public",
                        "related": ["wrong-item", "warranty-claim"],
                        "sv": {
                            "title": "Paketet eller varorna är skadade",
                            "summary": "Fotografera skadan och anmäl den till oss inom 7 dagar via portalen. Vi skickar nya varor utan kostnad och du behöver oftast inte skicka tillbaka det trasiga.",
                            "body": """Kom leveransen fram med trasig kartong eller skadade varor? Anmäl det till oss inom 7 dagar så skickar vi ersättning utan kostnad.

## Gör så här

1. Fotografera kartongen och de skadade varorna.
2. Gå till **Mina beställningar**, öppna ordern och klicka på **Anmäl skada**.
3. Markera vilka artiklar som är skadade och bifoga bilderna.

Vi skickar nya varor, oftast samma dag. Du behöver normalt inte skicka tillbaka det som gick sönder – vi hör av oss om transportören vill hämta det.

Syns skadan redan när paketet lämnas? Anteckna det gärna på fraktsedeln eller be chauffören notera det.
""",
                        },
                        "en": {
                            "title": "The parcel or the items are damaged",
                            "summary": "Take photos of the damage and report it to us within 7 days in the portal. We send new items free of charge and you usually do not need to return the broken ones.",
                            "body": """Did the delivery arrive with a broken box or damaged items? Report it to us within 7 days and we will send replacements free of charge.

## What to do

1. Take photos of the box and the damaged items.
2. Go to **My orders**, open the order and click **Report damage**.
3. Mark which items are damaged and attach the photos.

We send new items, usually the same day. You normally do not need to return what broke – we will tell you if the carrier wants to collect it.

Is the damage visible when the parcel is handed over? Note it on the consignment note or ask the driver to record it.
""",
                        },
                    },
                    {
                        "key": "wrong-item",
                        "faq": False,
                        "visibility": "public",
                        "related": ["damaged-delivery", "return-label"],
                        "sv": {
                            "title": "Fel vara eller saknade varor i leveransen",
                            "summary": "Anmäl felet under Mina beställningar inom 7 dagar. Vi skickar rätt vara direkt och mejlar en returfraktsedel för den felaktiga.",
                            "body": """Har ni fått fel artikel, fel antal eller saknas något i leveransen? Det är vårt ansvar att rätta.

## Anmäl felet

1. Öppna ordern under **Mina beställningar**.
2. Klicka på **Anmäl fel i leverans**.
3. Välj *Fel vara* eller *Saknas* för varje rad och ange antal.

## Vad händer sedan

- Vi skickar rätt vara eller det som saknas direkt, utan fraktkostnad.
- För en felaktig vara mejlar vi en returfraktsedel. Lämna paketet hos närmaste ombud inom 14 dagar.
- Saknas något kan leveransen ibland ha kommit i flera kollin – kontrollera spårningen först.
""",
                        },
                        "en": {
                            "title": "Wrong or missing items in the delivery",
                            "summary": "Report the error under My orders within 7 days. We send the right item straight away and email a return label for the wrong one.",
                            "body": """Did you receive the wrong product, the wrong quantity, or is something missing from the delivery? It is our job to put it right.

## Report the error

1. Open the order under **My orders**.
2. Click **Report a delivery error**.
3. Choose *Wrong item* or *Missing* for each line and enter the quantity.

## What happens next

- We send the right item or what is missing straight away, without shipping cost.
- For a wrong item we email a return label. Drop the parcel off at your nearest service point within 14 days.
- If something is missing, the delivery may have come in several parcels – check the tracking first.
""",
                        },
                    },
                    {
                        "key": "delayed-delivery",
                        "faq": True,
                        "visibility": "public",
                        "related": ["track-order", "delivery-times"],
                        "sv": {
                            "title": "Leveransen är försenad eller har inte kommit",
                            "summary": "Kontrollera först spårningen. Har den stått still i mer än två arbetsdagar, kontakta kundtjänst med ordernumret så efterlyser vi paketet hos transportören.",
                            "body": """De flesta förseningar löser sig inom en dag, men ibland fastnar ett paket på en terminal.

## Gör så här

1. Öppna ordern under **Mina beställningar** och klicka på **Spåra leverans**.
2. Står spårningen på *Skickad* i mer än två arbetsdagar, eller visar den *Avvikelse*, kontakta kundtjänst och ange ordernumret.

Vi efterlyser då sändningen hos transportören och återkommer inom en arbetsdag. Hittas paketet inte inom fem arbetsdagar skickar vi en ny leverans utan kostnad.

Behöver ni varorna till ett visst datum? Säg det när du hör av dig, så kan vi skicka ersättningen med express.
""",
                        },
                        "en": {
                            "title": "The delivery is late or has not arrived",
                            "summary": "Check the tracking first. If it has not moved for more than two working days, contact customer service with the order number and we will trace the parcel with the carrier.",
                            "body": """Most delays resolve themselves within a day, but sometimes a parcel gets stuck at a terminal.

## What to do

1. Open the order under **My orders** and click **Track delivery**.
2. If tracking has shown *Shipped* for more than two working days, or shows *Exception*, contact customer service with the order number.

We then trace the shipment with the carrier and get back to you within one working day. If the parcel is not found within five working days we send a new delivery free of charge.

Need the items by a certain date? Tell us when you get in touch and we can send the replacement by express.
""",
                        },
                    },
                    {
                        "key": "carrier-claims-internal",
                        "faq": False,
                        "visibility": "internal",
                        "related": ["damaged-delivery"],
                        "sv": {
                            "title": "Intern rutin: skadeanmälan till transportör",
                            "summary": "Så anmäler kundtjänst transportskador till PostNord och DB Schenker och när ersättning får skickas utan godkännande.",
                            "body": """Gäller handläggare i Kundtjänst.

1. Kontrollera att kunden har bifogat bilder och ordernummer.
2. Skicka ersättning direkt om ordervärdet är under 5 000 kr. Över det krävs godkännande av teamledaren.
3. Anmäl skadan i transportörens portal (PostNord: *Skadeanmälan företag*, Schenker: *Claims*) inom 7 dagar från leverans.
4. Tagga ärendet `skadat-gods` och notera transportörens ärendenummer som intern anteckning.

Kunden ska aldrig behöva kontakta transportören själv.
""",
                        },
                        "en": {
                            "title": "Internal routine: damage claims to carriers",
                            "summary": "How customer service files transport damage claims with PostNord and DB Schenker, and when a replacement may be sent without approval.",
                            "body": """For agents in Kundtjänst.

1. Check that the customer has attached photos and the order number.
2. Send a replacement straight away if the order value is under SEK 5,000. Above that, the team lead must approve.
3. File the claim in the carrier's portal (PostNord: *Business damage claim*, Schenker: *Claims*) within 7 days of delivery.
4. Tag the ticket `skadat-gods` and note the carrier's claim number as an internal note.

The customer should never have to contact the carrier themselves.
""",
                        },
                    },
                ],
            },
        ],
    },
    # --- Returer och reklamationer ------------------------------------------------------------
    {
        "slug": "returer",
        "name_sv": "Returer och reklamationer",
        "name_en": "Returns and complaints",
        "description_sv": "Returrätt, returfraktsedlar, återbetalning, byten och garantier.",
        "description_en": "Right of return, return labels, refunds, exchanges and warranties.",
        "sections": [
            {
                "slug": "returer",
                "name_sv": "Returer",
                "name_en": "Returns",
                "articles": [
                    {
                        "key": "return-policy",
                        "faq": True,
                        "visibility": "public",
                        "related": ["return-label", "refund-time"],
                        "sv": {
                            "title": "Returrätt: 30 dagar på oanvända varor",
                            "summary": "Du kan returnera oanvända varor i originalförpackning inom 30 dagar från leverans. Specialbeställda varor och förbrukade tonerkassetter kan inte returneras.",
                            "body": """Vill ni skicka tillbaka något? Ni har 30 dagars returrätt på oanvända varor i obruten eller oskadad originalförpackning, räknat från leveransdagen.

## Det här kan returneras

- Kontorsmaterial, papper och förvaringsartiklar
- Möbler och belysning som inte monterats
- Elektronik i oöppnad förpackning

## Det här kan inte returneras

- Specialbeställda eller tryckta varor (till exempel visitkort och stämplar)
- Öppnade tonerkassetter och bläckpatroner
- Livsmedel, kaffe och hygienartiklar

Returfrakten är gratis när vi har skickat fel vara. Vid övriga returer drar vi 95 kr för frakten från återbetalningen.
""",
                        },
                        "en": {
                            "title": "Right of return: 30 days on unused items",
                            "summary": "You may return unused items in their original packaging within 30 days of delivery. Custom-made items and used toner cartridges cannot be returned.",
                            "body": """Want to send something back? You have a 30-day right of return on unused items in unopened or undamaged original packaging, counted from the delivery date.

## What can be returned

- Office supplies, paper and storage products
- Furniture and lighting that have not been assembled
- Electronics in unopened packaging

## What cannot be returned

- Custom-made or printed items (for example business cards and stamps)
- Opened toner cartridges and ink cartridges
- Food, coffee and hygiene products

Return shipping is free when we sent the wrong item. For other returns we deduct SEK 95 for shipping from the refund.
""",
                        },
                    },
                    {
                        "key": "return-label",
                        "faq": True,
                        "visibility": "public",
                        "related": ["return-policy", "refund-time"],
                        "sv": {
                            "title": "Så returnerar du en vara",
                            "summary": "Skapa returen under Mina beställningar, skriv ut returfraktsedeln du får via e-post och lämna paketet hos ett PostNord-ombud.",
                            "body": """Returen registrerar du själv i portalen. Du får en returfraktsedel direkt.

## Steg för steg

1. Gå till **Mina beställningar** och öppna ordern.
2. Klicka på **Returnera varor** och välj artiklar, antal och orsak.
3. Returfraktsedeln mejlas till dig som PDF. Skriv ut den och fäst den på paketet.
4. Lämna paketet hos ett PostNord-ombud inom 14 dagar.

Packa varorna i originalkartongen om du kan. Större returer, till exempel flera kontorsstolar, hämtar vi – välj **Boka upphämtning** i steg 2.

Har du ingen skrivare? Välj *QR-kod* så kan ombudet skriva ut fraktsedeln åt dig.
""",
                        },
                        "en": {
                            "title": "How to return an item",
                            "summary": "Create the return under My orders, print the return label you receive by email and drop the parcel off at a PostNord service point.",
                            "body": """You register the return yourself in the portal and get a return label straight away.

## Step by step

1. Go to **My orders** and open the order.
2. Click **Return items** and choose the items, quantity and reason.
3. The return label is emailed to you as a PDF. Print it and attach it to the parcel.
4. Drop the parcel off at a PostNord service point within 14 days.

Pack the items in the original box if you can. We collect larger returns, for example several office chairs – choose **Book a collection** in step 2.

No printer? Choose *QR code* and the service point will print the label for you.
""",
                        },
                    },
                    {
                        "key": "refund-time",
                        "faq": True,
                        "visibility": "public",
                        "related": ["return-label", "credit-note"],
                        "sv": {
                            "title": "När får vi pengarna tillbaka för en retur?",
                            "summary": "När returen har kommit till vårt lager sker återbetalningen inom fem bankdagar. Har fakturan redan betalats betalas pengarna tillbaka, annars dras beloppet av på fakturan.",
                            "body": """Vi krediterar returen när den har kommit fram till vårt lager och kontrollerats, vilket brukar ta 2–3 arbetsdagar från att du lämnat paketet. Själva återbetalningen tar sedan högst fem bankdagar.

| Om fakturan är... | så händer detta |
|---|---|
| obetald | Du får en kreditnota och betalar bara mellanskillnaden. |
| betald | Pengarna betalas tillbaka till ert konto inom fem bankdagar. |
| betald med kort | Beloppet återförs till kortet inom fem bankdagar. |

Du får alltid ett mejl när returen är mottagen och en kreditnota när den är krediterad. Har det gått mer än två veckor sedan du lämnade paketet utan att något hänt? Kontakta oss med returnumret.
""",
                        },
                        "en": {
                            "title": "When do we get our money back for a return?",
                            "summary": "Once the return has reached our warehouse we credit the amount within five banking days. If the invoice is paid, the money is refunded; otherwise it is deducted from the invoice.",
                            "body": """We credit the return once it has reached our warehouse and been checked, which usually takes 2–3 working days from when you drop off the parcel.

| If the invoice is... | this happens |
|---|---|
| unpaid | You receive a credit note and pay only the difference. |
| paid | The money is refunded to your account within five banking days. |
| paid by card | The amount goes back to the card within five banking days. |

You always receive an email when the return has arrived and a credit note when it has been credited. More than two weeks since you dropped off the parcel and nothing has happened? Contact us with the return number.
""",
                        },
                    },
                    {
                        "key": "exchange-item",
                        "faq": False,
                        "visibility": "public",
                        "related": ["return-label", "warranty-claim"],
                        "sv": {
                            "title": "Byta en vara mot en annan storlek eller modell",
                            "summary": "Ett byte görs som en retur plus en ny beställning. Välj orsaken Byte i returen, så reserverar vi den nya varan och skickar den direkt.",
                            "body": """Vill ni byta till en annan färg, storlek eller modell? Vi hanterar bytet som en retur och en ny beställning, men du gör allt i ett steg.

1. Öppna ordern under **Mina beställningar** och klicka på **Returnera varor**.
2. Välj orsaken **Byte** och sök fram varan du vill ha i stället.
3. Vi skickar den nya varan direkt och mejlar en returfraktsedel för den gamla.

Mellanskillnaden i pris faktureras eller krediteras automatiskt. Bytet är fraktfritt inom returrättens 30 dagar.

Är varan trasig och inte bara fel modell? Då är det en reklamation, se *Reklamera en trasig vara*.
""",
                        },
                        "en": {
                            "title": "Exchanging an item for another size or model",
                            "summary": "An exchange is a return plus a new order. Choose the reason Exchange in the return and we reserve the new item and ship it straight away.",
                            "body": """Want to swap for another colour, size or model? We handle the exchange as a return and a new order, but you do it all in one step.

1. Open the order under **My orders** and click **Return items**.
2. Choose the reason **Exchange** and find the item you want instead.
3. We ship the new item straight away and email a return label for the old one.

Any price difference is invoiced or credited automatically. The exchange is free of shipping within the 30-day return period.

Is the item broken rather than just the wrong model? Then it is a warranty claim, see *Claiming for a faulty item*.
""",
                        },
                    },
                ],
            },
            {
                "slug": "reklamation",
                "name_sv": "Reklamation och garanti",
                "name_en": "Warranty claims",
                "articles": [
                    {
                        "key": "warranty-claim",
                        "faq": False,
                        "visibility": "public",
                        "related": ["exchange-item", "damaged-delivery"],
                        "sv": {
                            "title": "Reklamera en trasig vara",
                            "summary": "Varor som går sönder av sig själva har minst ett års garanti. Beskriv felet i en reklamation under Mina beställningar, så reparerar eller byter vi varan.",
                            "body": """Alla varor har minst ett års garanti mot fabrikationsfel, kontorsstolar och skrivbord fem år. En skrivare som skriver ut randigt eller en lampa som slutar fungera reklamerar du så här:

1. Öppna ordern under **Mina beställningar**.
2. Klicka på **Reklamera** vid varan.
3. Beskriv felet och bifoga gärna en bild eller ett utskriftsprov.

## Vad händer sedan

- Små varor byter vi direkt mot nya.
- Skrivare och större elektronik hämtar vi och skickar till tillverkarens service, eller byter om felet inte går att laga.
- Du får besked inom fem arbetsdagar.

Garantin gäller inte slitage eller skador som uppstått vid felaktig användning.
""",
                        },
                        "en": {
                            "title": "Claiming for a faulty item",
                            "summary": "Items that break by themselves have at least a one-year warranty. Describe the fault in a claim under My orders and we will repair or replace the item.",
                            "body": """All items have at least a one-year warranty against manufacturing faults; office chairs and desks five years. A printer printing stripes or a lamp that stops working is claimed like this:

1. Open the order under **My orders**.
2. Click **Make a claim** next to the item.
3. Describe the fault and attach a photo or a test print if you can.

## What happens next

- Small items are replaced with new ones straight away.
- Printers and larger electronics are collected and sent to the manufacturer's service, or replaced if the fault cannot be repaired.
- You will hear from us within five working days.

The warranty does not cover wear and tear or damage from incorrect use.
""",
                        },
                    },
                ],
            },
        ],
    },
    # --- Faktura och betalning ----------------------------------------------------------------
    {
        "slug": "faktura",
        "name_sv": "Faktura och betalning",
        "name_en": "Invoices and payment",
        "description_sv": "Fakturor, betalsätt, påminnelser, krediteringar och e-faktura.",
        "description_en": "Invoices, payment methods, reminders, credits and e-invoicing.",
        "sections": [
            {
                "slug": "fakturor",
                "name_sv": "Fakturor",
                "name_en": "Invoices",
                "articles": [
                    {
                        "key": "invoice-wrong-amount",
                        "faq": True,
                        "visibility": "public",
                        "related": ["credit-note", "invoice-reference"],
                        "sv": {
                            "title": "Fakturan har fel belopp",
                            "summary": "Jämför fakturan med orderbekräftelsen och kontakta oss med fakturanumret. Betala den del som stämmer, så krediterar vi det felaktiga beloppet.",
                            "body": """Stämmer inte beloppet med det ni beställde? Vanliga orsaker är att frakten har debiterats två gånger, att en del av ordern ännu inte levererats eller att avtalspriset inte har använts.

## Gör så här

1. Jämför fakturaraderna med orderbekräftelsen under **Mina beställningar**.
2. Kontakta Fakturering med fakturanumret och vilka rader som är fel.
3. Betala den del av fakturan som stämmer i tid.

Vi kontrollerar fakturan inom två arbetsdagar och skickar en kreditnota på mellanskillnaden. Ingen påminnelse skickas medan vi utreder.

Har ni fått två fakturor för samma order? Då krediterar vi den ena, se *Kreditnota*.
""",
                        },
                        "en": {
                            "title": "The invoice shows the wrong amount",
                            "summary": "Compare the invoice with the order confirmation and contact us with the invoice number. Pay the part that is correct and we will credit the wrong amount.",
                            "body": """Does the amount not match what you ordered? Common causes are that shipping was charged twice, that part of the order has not been delivered yet, or that your contract price was not applied.

## What to do

1. Compare the invoice lines with the order confirmation under **My orders**.
2. Contact Billing with the invoice number and the lines that are wrong.
3. Pay the part of the invoice that is correct on time.

We check the invoice within two working days and send a credit note for the difference. No reminder is sent while we investigate.

Received two invoices for the same order? Then we credit one of them, see *Credit notes*.
""",
                        },
                    },
                    {
                        "key": "payment-reminder",
                        "faq": True,
                        "visibility": "public",
                        "related": ["payment-methods", "invoice-wrong-amount"],
                        "sv": {
                            "title": "Vi fick en påminnelse fast vi har betalat",
                            "summary": "Betalningar kan ta 1–3 bankdagar att registreras. Skicka betalningsbekräftelsen till oss, så matchar vi betalningen och tar bort påminnelseavgiften.",
                            "body": """Påminnelser skapas automatiskt när en faktura är obetald 10 dagar efter förfallodagen. Oftast har betalningen och påminnelsen korsats, eller så har betalningen saknat OCR-nummer.

## Gör så här

1. Kontrollera att ni har betalat till vårt bankgiro **5123-4567** med rätt OCR-nummer.
2. Skicka betalningsbekräftelsen från banken till oss och ange fakturanumret.

Vi matchar betalningen mot fakturan och tar bort påminnelseavgiften (60 kr). Betalade ni till ett gammalt bankgironummer hjälper vi er att få tillbaka pengarna från banken.

Tips: med autogiro eller e-faktura slipper ni manuella betalningar helt.
""",
                        },
                        "en": {
                            "title": "We received a reminder although we have paid",
                            "summary": "Payments can take 1–3 banking days to register. Send us the payment confirmation and we will match the payment and remove the reminder fee.",
                            "body": """Reminders are created automatically when an invoice is unpaid 10 days after the due date. Usually the payment and the reminder crossed, or the payment lacked the OCR reference number.

## What to do

1. Check that you paid to our bankgiro **5123-4567** with the correct OCR number.
2. Send us the payment confirmation from your bank and state the invoice number.

We match the payment to the invoice and remove the reminder fee (SEK 60). If you paid to an old bankgiro number, we help you get the money back from the bank.

Tip: with direct debit (autogiro) or e-invoicing you avoid manual payments altogether.
""",
                        },
                    },
                    {
                        "key": "invoice-reference",
                        "faq": False,
                        "visibility": "public",
                        "related": ["invoice-wrong-amount", "e-invoice"],
                        "sv": {
                            "title": "Referens eller inköpsnummer på fakturan",
                            "summary": "Skriv er referens eller ert inköpsordernummer i fältet Er referens i kassan. Saknas den på en faktura skickar vi en ny faktura med rätt referens.",
                            "body": """Många ekonomiavdelningar kräver en referens eller ett inköpsordernummer på fakturan för att kunna attestera den.

## Ange referensen när du beställer

I kassan finns fältet **Er referens**. Det du skriver där kommer med på orderbekräftelsen och fakturan. Administratören kan göra fältet obligatoriskt under **Företaget › Fakturering**.

## Om referensen saknas på en faktura

Kontakta Fakturering med fakturanumret och rätt referens. Vi makulerar den gamla fakturan och skickar en ny med samma förfallodag, oftast samma dag. Ni kan bortse från den gamla.
""",
                        },
                        "en": {
                            "title": "Reference or purchase order number on the invoice",
                            "summary": "Enter your reference or purchase order number in the Your reference field at checkout. If it is missing on an invoice we send a new invoice with the right reference.",
                            "body": """Many finance departments need a reference or purchase order number on the invoice to approve it.

## Enter the reference when you order

Checkout has a field called **Your reference**. What you type there appears on the order confirmation and the invoice. The administrator can make the field mandatory under **Company › Billing**.

## If the reference is missing on an invoice

Contact Billing with the invoice number and the right reference. We cancel the old invoice and send a new one with the same due date, usually the same day. You can ignore the old one.
""",
                        },
                    },
                    {
                        "key": "credit-note",
                        "faq": False,
                        "visibility": "public",
                        "related": ["invoice-wrong-amount", "refund-time"],
                        "sv": {
                            "title": "Kreditnota: när och hur vi krediterar",
                            "summary": "En kreditnota minskar eller tar bort en faktura, till exempel efter en retur, en dubbeldebitering eller ett felaktigt pris. Den skickas till er fakturaadress och syns i portalen.",
                            "body": """En kreditnota är en negativ faktura. Vi skickar en när ni har betalat för mycket eller ska betala mindre, till exempel efter:

- en retur eller ett byte,
- en dubbeldebitering av samma order eller frakt,
- ett pris som inte följer ert avtal.

## Så används kreditnotan

- Är fakturan **obetald** drar ni av kreditnotans belopp när ni betalar.
- Är fakturan **betald** betalar vi tillbaka beloppet inom fem bankdagar, eller kvittar det mot nästa faktura om ni hellre vill det.

Alla kreditnotor finns under **Fakturor** i portalen och skickas till samma adress som fakturorna.
""",
                        },
                        "en": {
                            "title": "Credit notes: when and how we credit",
                            "summary": "A credit note reduces or cancels an invoice, for example after a return, a double charge or a wrong price. It is sent to your billing address and shown in the portal.",
                            "body": """A credit note is a negative invoice. We send one when you have paid too much or should pay less, for example after:

- a return or an exchange,
- a double charge for the same order or shipping,
- a price that does not follow your agreement.

## How the credit note is used

- If the invoice is **unpaid**, deduct the credit note's amount when you pay.
- If the invoice is **paid**, we refund the amount within five banking days, or offset it against the next invoice if you prefer.

All credit notes are under **Invoices** in the portal and are sent to the same address as the invoices.
""",
                        },
                    },
                    {
                        "key": "invoice-copy",
                        "faq": False,
                        "visibility": "public",
                        "related": ["order-history", "e-invoice"],
                        "sv": {
                            "title": "Hitta och ladda ner fakturakopior",
                            "summary": "Alla fakturor och kreditnotor från de senaste sju åren finns som PDF under Fakturor i portalen.",
                            "body": """Du behöver inte be oss om en fakturakopia: alla fakturor och kreditnotor finns i portalen i sju år.

1. Logga in och gå till **Fakturor**.
2. Filtrera på datum, status (*obetald*, *betald*, *förfallen*) eller ordernummer.
3. Klicka på fakturanumret och välj **Ladda ner PDF**.

Du kan också markera flera fakturor och ladda ner dem som en zip-fil, eller exportera listan till Excel för avstämning.

Ser du inte menyn Fakturor? Den kräver behörigheten *Se fakturor*, som er administratör kan ge dig.
""",
                        },
                        "en": {
                            "title": "Finding and downloading invoice copies",
                            "summary": "All invoices and credit notes from the last seven years are available as PDFs under Invoices in the portal.",
                            "body": """You do not need to ask us for an invoice copy: every invoice and credit note is kept in the portal for seven years.

1. Log in and go to **Invoices**.
2. Filter by date, status (*unpaid*, *paid*, *overdue*) or order number.
3. Click the invoice number and choose **Download PDF**.

You can also select several invoices and download them as a zip file, or export the list to Excel for reconciliation.

Cannot see the Invoices menu? It needs the permission *See invoices*, which your administrator can give you.
""",
                        },
                    },
                ],
            },
            {
                "slug": "betalning",
                "name_sv": "Betalning",
                "name_en": "Payment",
                "articles": [
                    {
                        "key": "payment-methods",
                        "faq": True,
                        "visibility": "public",
                        "related": ["e-invoice", "payment-reminder"],
                        "sv": {
                            "title": "Betalsätt och betalningsvillkor",
                            "summary": "Företag betalar mot faktura med 30 dagars betalningsvillkor. Ni kan också betala med autogiro eller kort.",
                            "body": """Som företagskund betalar ni normalt mot faktura.

| Betalsätt | Villkor | Så kommer du igång |
|---|---|---|
| Faktura | 30 dagar netto | Standard för alla företagskunder |
| Autogiro | Dras på förfallodagen | Anmäl under **Företaget › Fakturering** |
| Kort | Dras vid beställning | Välj *Kort* i kassan |

Vårt bankgironummer är **5123-4567**. Ange alltid OCR-numret från fakturan när du betalar.

Nya kunder utan kreditupplysning kan behöva betala de första ordrarna med kort. Vill ni ändra betalningsvillkor, till exempel till samlingsfaktura en gång i månaden, kontakta Fakturering.
""",
                        },
                        "en": {
                            "title": "Payment methods and terms",
                            "summary": "Businesses pay by invoice with 30 days' payment terms. You can also pay by direct debit (autogiro) or card.",
                            "body": """As a business customer you normally pay by invoice.

| Payment method | Terms | How to start |
|---|---|---|
| Invoice | 30 days net | Standard for all business customers |
| Direct debit (autogiro) | Charged on the due date | Sign up under **Company › Billing** |
| Card | Charged when you order | Choose *Card* at checkout |

Our bankgiro number is **5123-4567**. Always give the OCR number from the invoice when you pay.

New customers without a credit check may need to pay their first orders by card. To change the payment terms, for example to a monthly consolidated invoice, contact Billing.
""",
                        },
                    },
                    {
                        "key": "e-invoice",
                        "faq": False,
                        "visibility": "public",
                        "related": ["payment-methods", "invoice-copy"],
                        "sv": {
                            "title": "E-faktura och fakturor via e-post",
                            "summary": "Vi skickar e-faktura (Peppol/Svefaktura) eller PDF via e-post. Ange er Peppol-adress eller fakturamejl under Företaget › Fakturering.",
                            "body": """Ni kan välja hur fakturorna ska komma:

- **E-faktura** via Peppol eller Svefaktura direkt in i ert ekonomisystem.
- **PDF via e-post** till en fakturaadress, till exempel *faktura@ertforetag.se*.
- **Papper** med post (29 kr i fakturaavgift per faktura).

## Byt till e-faktura

1. Gå till **Företaget › Fakturering**.
2. Välj **E-faktura** och fyll i er Peppol-ID (oftast 0007:organisationsnummer).
3. Spara. Ändringen gäller från nästa faktura.

Kommer e-fakturan inte fram? Kontrollera Peppol-ID:t med er ekonomileverantör och kontakta oss, så skickar vi om fakturan.
""",
                        },
                        "en": {
                            "title": "E-invoices and invoices by email",
                            "summary": "We send e-invoices (Peppol/Svefaktura) or PDFs by email. Enter your Peppol address or invoice email under Company › Billing.",
                            "body": """You can choose how invoices arrive:

- **E-invoice** via Peppol or Svefaktura straight into your finance system.
- **PDF by email** to an invoice address, for example *invoices@yourcompany.se*.
- **Paper** by post (an invoice fee of SEK 29 per invoice).

## Switch to e-invoicing

1. Go to **Company › Billing**.
2. Choose **E-invoice** and enter your Peppol ID (usually 0007:organisation number).
3. Save. The change applies from the next invoice.

Is the e-invoice not arriving? Check the Peppol ID with your finance system provider and contact us, and we will resend the invoice.
""",
                        },
                    },
                    {
                        "key": "credit-routine-internal",
                        "faq": False,
                        "visibility": "internal",
                        "related": ["credit-note", "invoice-wrong-amount"],
                        "sv": {
                            "title": "Intern rutin: kreditering och attestgränser",
                            "summary": "Vem i Fakturering som får kreditera vilka belopp, och hur krediteringen dokumenteras i Fortnox och i ärendet.",
                            "body": """Gäller handläggare i Fakturering.

| Belopp (exkl. moms) | Får krediteras av |
|---|---|
| Upp till 2 000 kr | Alla handläggare |
| 2 000–20 000 kr | Teamledare (Karin Sundberg) |
| Över 20 000 kr | Ekonomichef |

1. Kontrollera orsaken: dubbeldebitering, retur, fel pris eller kulans.
2. Skapa kreditnotan i Fortnox mot ursprungsfakturan.
3. Tagga ärendet `kreditering` och skriv kreditnotans nummer i en intern anteckning.
4. Påminnelseavgifter får alltid tas bort utan attest om kunden kan visa betalning.
""",
                        },
                        "en": {
                            "title": "Internal routine: crediting and approval limits",
                            "summary": "Who in Billing may credit which amounts, and how the credit is recorded in Fortnox and on the ticket.",
                            "body": """For agents in Billing.

| Amount (excl. VAT) | May be credited by |
|---|---|
| Up to SEK 2,000 | Any agent |
| SEK 2,000–20,000 | Team lead (Karin Sundberg) |
| Over SEK 20,000 | Finance manager |

1. Check the reason: double charge, return, wrong price or goodwill.
2. Create the credit note in Fortnox against the original invoice.
3. Tag the ticket `kreditering` and write the credit note's number in an internal note.
4. Reminder fees may always be removed without approval if the customer can show the payment.
""",
                        },
                    },
                ],
            },
        ],
    },
    # --- Inloggning och teknisk support -------------------------------------------------------
    {
        "slug": "inloggning",
        "name_sv": "Inloggning och tekniska problem",
        "name_en": "Login and technical problems",
        "description_sv": "Lösenord, BankID, låsta konton och fel i beställningsportalen.",
        "description_en": "Passwords, BankID, locked accounts and errors in the ordering portal.",
        "sections": [
            {
                "slug": "logga-in",
                "name_sv": "Logga in",
                "name_en": "Logging in",
                "articles": [
                    {
                        "key": "reset-password",
                        "faq": True,
                        "visibility": "public",
                        "related": ["account-locked", "bankid-login"],
                        "sv": {
                            "title": "Glömt lösenordet? Så återställer du det",
                            "summary": "Klicka på Glömt lösenord på inloggningssidan och ange din e-postadress. Länken du får gäller i 30 minuter.",
                            "body": """Du kan själv återställa ditt lösenord till beställningsportalen.

1. Gå till inloggningssidan och klicka på **Glömt lösenord?**.
2. Skriv e-postadressen du loggar in med.
3. Öppna mejlet från Fjällbo Kontor och klicka på länken inom **30 minuter**.
4. Välj ett nytt lösenord med minst 10 tecken.

## Kom inget mejl?

- Titta i skräpposten.
- Kontrollera att du skrivit samma adress som ditt konto har – fråga er administratör om du är osäker.
- Har länken hunnit gå ut, begär en ny. Bara den senaste länken fungerar.

Du kan också logga in med BankID och slippa lösenordet helt.
""",
                        },
                        "en": {
                            "title": "Forgot your password? How to reset it",
                            "summary": "Click Forgot password on the login page and enter your email address. The link you receive is valid for 30 minutes.",
                            "body": """You can reset your password to the ordering portal yourself.

1. Go to the login page and click **Forgot password?**.
2. Enter the email address you log in with.
3. Open the email from Fjällbo Kontor and click the link within **30 minutes**.
4. Choose a new password of at least 10 characters.

## No email arrived?

- Look in your spam folder.
- Check that you entered the same address as your account has – ask your administrator if unsure.
- If the link has expired, request a new one. Only the latest link works.

You can also log in with BankID and skip the password altogether.
""",
                        },
                    },
                    {
                        "key": "bankid-login",
                        "faq": True,
                        "visibility": "public",
                        "related": ["reset-password", "login-browser"],
                        "sv": {
                            "title": "Logga in med BankID",
                            "summary": "Välj BankID på inloggningssidan och legitimera dig i appen. Om det bara snurrar, uppdatera BankID-appen och tillåt cookies för portalen.",
                            "body": """Med Mobilt BankID loggar du in utan lösenord. Ditt personnummer måste först vara kopplat till din användare – det gör du under **Mina inställningar › Inloggning**.

## Logga in

1. Välj **BankID** på inloggningssidan.
2. Skanna QR-koden med BankID-appen, eller öppna appen på samma enhet.
3. Godkänn i appen.

## Om det inte fungerar

- **Det snurrar och jag hamnar på startsidan igen:** tillåt cookies för portalen och prova igen, eller prova ett privat fönster.
- **"Användaren saknas":** personnumret är inte kopplat till någon användare. Logga in med lösenord och koppla det.
- **Appen säger att BankID är ogiltigt:** förnya ditt BankID hos din bank.

Fungerar det fortfarande inte? Kontakta teknisk support och ange webbläsare och ungefär när du försökte.
""",
                        },
                        "en": {
                            "title": "Logging in with BankID",
                            "summary": "Choose BankID on the login page and identify yourself in the app. If it just keeps spinning, update the BankID app and allow cookies for the portal.",
                            "body": """With Mobile BankID you log in without a password. Your personal identity number must first be linked to your user – do that under **My settings › Login**.

## Log in

1. Choose **BankID** on the login page.
2. Scan the QR code with the BankID app, or open the app on the same device.
3. Confirm in the app.

## If it does not work

- **It spins and I end up on the start page again:** allow cookies for the portal and try again, or try a private window.
- **"User not found":** the identity number is not linked to a user. Log in with your password and link it.
- **The app says the BankID is invalid:** renew your BankID with your bank.

Still not working? Contact technical support and tell us your browser and roughly when you tried.
""",
                        },
                    },
                    {
                        "key": "account-locked",
                        "faq": False,
                        "visibility": "public",
                        "related": ["reset-password"],
                        "sv": {
                            "title": "Kontot är låst efter för många inloggningsförsök",
                            "summary": "Efter fem felaktiga försök låses kontot i 15 minuter. Vänta, eller återställ lösenordet för att låsa upp det direkt.",
                            "body": """Av säkerhetsskäl låses ditt konto i **15 minuter** efter fem felaktiga inloggningsförsök i rad.

## Lås upp kontot

- **Vänta 15 minuter** och logga in igen med rätt lösenord, eller
- **återställ lösenordet** via *Glömt lösenord?* – då låses kontot upp direkt.

Er administratör kan också låsa upp kontot under **Företaget › Användare**.

Låses kontot igen utan att du har försökt logga in? Någon annan kan ha försökt. Byt lösenord och kontakta teknisk support.
""",
                        },
                        "en": {
                            "title": "Account locked after too many login attempts",
                            "summary": "After five failed attempts the account is locked for 15 minutes. Wait, or reset your password to unlock it immediately.",
                            "body": """For security, your account is locked for **15 minutes** after five failed login attempts in a row.

## Unlock the account

- **Wait 15 minutes** and log in again with the correct password, or
- **reset your password** via *Forgot password?* – that unlocks the account immediately.

Your administrator can also unlock the account under **Company › Users**.

Does the account lock again without you trying to log in? Someone else may have tried. Change your password and contact technical support.
""",
                        },
                    },
                    {
                        "key": "login-browser",
                        "faq": False,
                        "visibility": "public",
                        "related": ["bankid-login", "reset-password"],
                        "sv": {
                            "title": "Inloggningen fungerar inte trots rätt lösenord",
                            "summary": "Rensa webbläsarens cookies för portalen, kontrollera att du använder en webbläsare som stöds och att ditt konto hör till rätt företag.",
                            "body": """Säger portalen *Felaktigt användarnamn eller lösenord* fast du är säker på att det stämmer, eller kommer du tillbaka till inloggningen direkt?

## Prova i den här ordningen

1. Rensa cookies och cache för portalen, eller öppna ett privat fönster.
2. Kontrollera att Caps Lock inte är på.
3. Använd en webbläsare som stöds: senaste versionen av Chrome, Edge, Firefox eller Safari.
4. Har du konton hos flera företag? Välj rätt företag efter inloggningen.

Safari kan blockera inloggningen om *Förhindra spårning mellan webbplatser* är på och portalen öppnas från ett annat system. Öppna då portalen direkt i en ny flik.

Hjälper inget av detta, kontakta teknisk support med webbläsare, version och en skärmbild av felmeddelandet.
""",
                        },
                        "en": {
                            "title": "Login does not work although the password is right",
                            "summary": "Clear the browser's cookies for the portal, check that you use a supported browser and that your account belongs to the right company.",
                            "body": """Does the portal say *Wrong username or password* although you are sure it is right, or do you land back on the login page straight away?

## Try these in order

1. Clear cookies and cache for the portal, or open a private window.
2. Check that Caps Lock is off.
3. Use a supported browser: the latest version of Chrome, Edge, Firefox or Safari.
4. Do you have accounts with several companies? Choose the right company after logging in.

Safari may block the login if *Prevent cross-site tracking* is on and the portal is opened from another system. Open the portal directly in a new tab instead.

If none of this helps, contact technical support with your browser, its version and a screenshot of the error message.
""",
                        },
                    },
                ],
            },
            {
                "slug": "tekniska-problem",
                "name_sv": "Fel i portalen",
                "name_en": "Errors in the portal",
                "articles": [
                    {
                        "key": "basket-empties",
                        "faq": False,
                        "visibility": "public",
                        "related": ["server-error", "report-bug"],
                        "sv": {
                            "title": "Varukorgen töms innan jag hinner beställa",
                            "summary": "Varukorgen sparas i 8 timmar och följer din inloggning. Töms den vid kassan, logga ut och in igen och spara stora ordrar som inköpslista.",
                            "body": """Varukorgen sparas i 8 timmar och är kopplad till din användare, så den ska finnas kvar även om du byter dator.

## Om varukorgen töms

- Logga ut och in igen – en utgången session kan tömma korgen när du går till kassan.
- Stora beställningar: spara dem som **inköpslista** (knappen *Spara som lista* i varukorgen) så förlorar du inget.
- Kontrollera att du inte är inloggad i två flikar med olika företag.

Vi känner till ett fel där korgen kan tömmas för ordrar med många rader när sessionen förnyas. Händer det dig, skicka tidpunkten till teknisk support så kan vi följa det i loggarna.
""",
                        },
                        "en": {
                            "title": "The basket empties before I can order",
                            "summary": "The basket is kept for 8 hours and follows your login. If it empties at checkout, log out and in again and save large orders as a shopping list.",
                            "body": """The basket is kept for 8 hours and tied to your user, so it should still be there even if you switch computers.

## If the basket empties

- Log out and in again – an expired session can empty the basket when you go to checkout.
- Large orders: save them as a **shopping list** (the *Save as list* button in the basket) so nothing is lost.
- Check that you are not logged in in two tabs with different companies.

We know of a fault where the basket may empty for orders with many lines when the session is renewed. If it happens to you, send the time to technical support so we can follow it in the logs.
""",
                        },
                    },
                    {
                        "key": "server-error",
                        "faq": False,
                        "visibility": "public",
                        "related": ["report-bug", "basket-empties"],
                        "sv": {
                            "title": 'Felmeddelande "Serverfel (500)" eller sidan laddar inte',
                            "summary": "Ett serverfel beror på ett fel hos oss. Vänta några minuter och försök igen, kontrollera driftstatus och kontakta teknisk support om felet kvarstår.",
                            "body": """Ett *Serverfel (500)* betyder att något gick fel hos oss, inte hos dig. Din beställning har oftast inte skickats när felet visas.

## Gör så här

1. Vänta några minuter och försök igen.
2. Titta på driftstatus på **status.fjallbo.example** – där meddelar vi kända störningar.
3. Kontrollera under **Mina beställningar** att ordern inte har skapats innan du skickar den igen, så undviker du dubbla ordrar.

Kvarstår felet? Kontakta teknisk support och ange tidpunkten, ordernumret eller vad du försökte göra. Det hjälper oss att hitta felet i loggarna.
""",
                        },
                        "en": {
                            "title": 'Error message "Server error (500)" or the page will not load',
                            "summary": "A server error is a fault on our side. Wait a few minutes and try again, check the status page and contact technical support if the error persists.",
                            "body": """A *Server error (500)* means something went wrong on our side, not yours. Your order has usually not been submitted when the error is shown.

## What to do

1. Wait a few minutes and try again.
2. Check the service status at **status.fjallbo.example** – known disruptions are announced there.
3. Check under **My orders** that the order was not created before you submit it again, so you avoid duplicate orders.

Does the error persist? Contact technical support with the time, the order number or what you were trying to do. That helps us find the fault in our logs.
""",
                        },
                    },
                    {
                        "key": "order-export",
                        "faq": False,
                        "visibility": "public",
                        "related": ["server-error"],
                        "sv": {
                            "title": "Orderexport och integration med ert affärssystem",
                            "summary": "Ordrar kan exporteras automatiskt till ert affärssystem som fil (CSV/XML) eller via vårt API. Blir exportfilen tom, kontrollera att alla artiklar har artikelnummer.",
                            "body": """Företag med eget affärs- eller ekonomisystem kan få ordrar och fakturor exporterade automatiskt.

| Sätt | Format | Passar för |
|---|---|---|
| Schemalagd fil | CSV eller XML via SFTP, varje natt | De flesta affärssystem |
| API | REST/JSON, realtid | Egna integrationer |
| Manuell export | Excel från **Mina beställningar** | Enstaka avstämningar |

## Om exporten slutar fungera

- Blir filen tom: kontrollera att alla orderrader har ett artikelnummer, även fritextrader.
- Kontrollera att SFTP-lösenordet eller API-nyckeln inte har gått ut (de gäller i ett år).
- Kontakta teknisk support med datum för den senaste lyckade exporten, så skickar vi om saknade ordrar.
""",
                        },
                        "en": {
                            "title": "Order export and integration with your ERP system",
                            "summary": "Orders can be exported automatically to your ERP system as a file (CSV/XML) or through our API. If the export file is empty, check that every item has an item number.",
                            "body": """Companies with their own ERP or finance system can have orders and invoices exported automatically.

| Method | Format | Suits |
|---|---|---|
| Scheduled file | CSV or XML over SFTP, nightly | Most ERP systems |
| API | REST/JSON, real time | Custom integrations |
| Manual export | Excel from **My orders** | Occasional reconciliation |

## If the export stops working

- If the file is empty: check that every order line has an item number, including free-text lines.
- Check that the SFTP password or API key has not expired (they are valid for one year).
- Contact technical support with the date of the last successful export and we will resend the missing orders.
""",
                        },
                    },
                    {
                        "key": "report-bug",
                        "faq": False,
                        "visibility": "public",
                        "related": ["server-error", "basket-empties"],
                        "sv": {
                            "title": "Så rapporterar du ett fel i portalen",
                            "summary": "Beskriv vad du gjorde, vad som hände och när, och bifoga en skärmbild. Ju mer exakt tidpunkt, desto snabbare hittar vi felet.",
                            "body": """En bra felrapport gör att vi kan återskapa felet och rätta det snabbare.

## Ta med det här

- **Vad du gjorde:** till exempel *lade 25 artiklar i varukorgen och klickade på Till kassan*.
- **Vad som hände:** felmeddelandet ordagrant, eller en skärmbild.
- **När:** datum och klockslag, gärna på minuten.
- **Var:** webbläsare och version, dator eller mobil.
- **Ordernummer** om felet gäller en viss order.

Skicka rapporten som ett ärende till teknisk support. Vi bekräftar inom en arbetsdag och meddelar när en rättning är i drift.
""",
                        },
                        "en": {
                            "title": "How to report a fault in the portal",
                            "summary": "Describe what you did, what happened and when, and attach a screenshot. The more exact the time, the faster we find the fault.",
                            "body": """A good bug report lets us reproduce the fault and fix it faster.

## Include this

- **What you did:** for example *added 25 items to the basket and clicked Checkout*.
- **What happened:** the exact error message, or a screenshot.
- **When:** date and time, to the minute if possible.
- **Where:** browser and version, computer or phone.
- **Order number** if the fault concerns a particular order.

Send the report as a ticket to technical support. We confirm within one working day and tell you when a fix is live.
""",
                        },
                    },
                ],
            },
        ],
    },
    # --- Avtal och företagsuppgifter ----------------------------------------------------------
    {
        "slug": "avtal",
        "name_sv": "Avtal och företagsuppgifter",
        "name_en": "Agreements and company details",
        "description_sv": "Ramavtal, avtalspriser, abonnemang och ändringar av företagets uppgifter.",
        "description_en": "Framework agreements, contract prices, subscriptions and changes to your company details.",
        "sections": [
            {
                "slug": "avtal",
                "name_sv": "Avtal och abonnemang",
                "name_en": "Agreements and subscriptions",
                "articles": [
                    {
                        "key": "framework-agreement",
                        "faq": True,
                        "visibility": "public",
                        "related": ["contract-prices", "cancel-subscription"],
                        "sv": {
                            "title": "Ramavtal: förlängning och omförhandling",
                            "summary": "Ramavtal löper normalt i två år. Vi skickar ett förslag på förlängning tre månader innan avtalet går ut; vill ni ändra villkor, kontakta oss i god tid.",
                            "body": """Ett ramavtal ger ert företag fasta avtalspriser och villkor, oftast under två år.

## Förlängning

- Tre månader innan avtalet går ut skickar vi ett förslag på förlängning till avtalets kontaktperson.
- Förslaget signeras digitalt. Signerar ni inte fortsätter avtalet att gälla månad för månad med samma villkor, med en månads uppsägningstid.

## Omförhandling

Har era volymer ändrats, eller behöver ni fler produktområden i avtalet? Kontakta Fakturering eller er säljare. Ange organisationsnummer och avtalsnummer (finns under **Företaget › Avtal**).

Du ser avtalets slutdatum och rabattnivå under **Företaget › Avtal** i portalen.
""",
                        },
                        "en": {
                            "title": "Framework agreements: renewal and renegotiation",
                            "summary": "Framework agreements normally run for two years. We send a renewal proposal three months before the agreement ends; to change terms, contact us in good time.",
                            "body": """A framework agreement gives your company fixed contract prices and terms, usually for two years.

## Renewal

- Three months before the agreement ends we send a renewal proposal to the agreement's contact person.
- The proposal is signed digitally. If you do not sign, the agreement continues month by month on the same terms, with one month's notice.

## Renegotiation

Have your volumes changed, or do you need more product areas in the agreement? Contact Billing or your sales representative with your organisation number and agreement number (under **Company › Agreements**).

You can see the agreement's end date and discount level under **Company › Agreements** in the portal.
""",
                        },
                    },
                    {
                        "key": "contract-prices",
                        "faq": False,
                        "visibility": "public",
                        "related": ["framework-agreement", "prices-vat"],
                        "sv": {
                            "title": "Avtalspriser och rabatter",
                            "summary": "Med avtal ser du era avtalspriser direkt i portalen när du är inloggad. Visas ordinarie pris på en avtalsvara, kontakta oss så rättar vi priset och krediterar mellanskillnaden.",
                            "body": """Har ert företag ett avtal med oss visas era avtalspriser automatiskt när du är inloggad. Avtalsvaror är märkta med en grön etikett.

## Så fungerar rabatterna

- **Avtalssortiment:** fasta priser på de varor som ingår i avtalet.
- **Generell rabatt:** en procentsats på övriga varor, till exempel 12 %.
- **Kampanjer:** gäller inte tillsammans med avtalspriset; du får alltid det lägsta av de två.

## Om priset är fel

Visas ordinarie pris på en vara som ska ha avtalspris, kontrollera att du är inloggad på rätt företag. Stämmer det ändå inte, kontakta Fakturering med artikelnumret. Har ni redan fått en faktura med fel pris krediterar vi mellanskillnaden.
""",
                        },
                        "en": {
                            "title": "Contract prices and discounts",
                            "summary": "With an agreement you see your contract prices in the portal when logged in. If a contract item shows the list price, contact us and we will correct it and credit the difference.",
                            "body": """If your company has an agreement with us, your contract prices are shown automatically when you are logged in. Contract items carry a green label.

## How the discounts work

- **Contract range:** fixed prices on the items included in the agreement.
- **General discount:** a percentage on other items, for example 12%.
- **Promotions:** do not combine with the contract price; you always get the lower of the two.

## If the price is wrong

If an item that should have a contract price shows the list price, check that you are logged in to the right company. If it is still wrong, contact Billing with the item number. If you have already been invoiced at the wrong price, we credit the difference.
""",
                        },
                    },
                    {
                        "key": "cancel-subscription",
                        "faq": False,
                        "visibility": "public",
                        "related": ["framework-agreement"],
                        "sv": {
                            "title": "Säga upp ett abonnemang",
                            "summary": "Abonnemang på till exempel kaffeautomat, vattenautomat eller regelbundna leveranser sägs upp under Företaget › Abonnemang med en månads uppsägningstid.",
                            "body": """Abonnemang – till exempel kaffeautomat, vattenautomat, fruktkorg eller återkommande leveranser av papper – har en månads uppsägningstid om inget annat står i avtalet.

## Säg upp

1. Gå till **Företaget › Abonnemang**.
2. Välj abonnemanget och klicka på **Säg upp**.
3. Du får en bekräftelse via e-post med datum för sista debitering.

Hyrda maskiner, som kaffeautomater, hämtar vi efter sista abonnemangsdagen. Vi kontaktar er för att boka tid.

Vill du bara pausa leveranserna, till exempel under sommaren? Välj **Pausa** i stället – det är kostnadsfritt i upp till tre månader.
""",
                        },
                        "en": {
                            "title": "Cancelling a subscription",
                            "summary": "Subscriptions such as a coffee machine, water cooler or regular deliveries are cancelled under Company › Subscriptions with one month's notice.",
                            "body": """Subscriptions – for example a coffee machine, water cooler, fruit basket or recurring paper deliveries – have one month's notice unless the agreement says otherwise.

## Cancel

1. Go to **Company › Subscriptions**.
2. Choose the subscription and click **Cancel subscription**.
3. You receive a confirmation by email with the date of the last charge.

We collect rented machines, such as coffee machines, after the last day of the subscription. We will contact you to book a time.

Only want to pause deliveries, for example over the summer? Choose **Pause** instead – it is free for up to three months.
""",
                        },
                    },
                ],
            },
            {
                "slug": "foretagsuppgifter",
                "name_sv": "Företagsuppgifter",
                "name_en": "Company details",
                "articles": [
                    {
                        "key": "change-company-details",
                        "faq": True,
                        "visibility": "public",
                        "related": ["change-delivery-address", "e-invoice"],
                        "sv": {
                            "title": "Ändra fakturaadress eller företagsuppgifter",
                            "summary": "Administratören ändrar fakturaadress, kontaktperson och e-post för fakturor under Företaget › Uppgifter. Byte av organisationsnummer kräver ett nytt kundkonto.",
                            "body": """Har ni flyttat eller bytt kontaktperson? Er administratör ändrar uppgifterna själv i portalen.

1. Gå till **Företaget › Uppgifter**.
2. Ändra fakturaadress, kontaktperson eller fakturamejl.
3. Klicka på **Spara**. Ändringen gäller från nästa faktura.

| Uppgift | Vem ändrar |
|---|---|
| Fakturaadress, fakturamejl | Administratören i portalen |
| Leveransadresser | Administratören i portalen |
| Företagsnamn | Fakturering, efter kontroll mot Bolagsverket |
| Organisationsnummer | Går inte att ändra – kontakta oss för ett nytt kundkonto |

Redan skickade fakturor ändras inte. Behöver ni en ny faktura till den nya adressen, kontakta Fakturering.
""",
                        },
                        "en": {
                            "title": "Changing the billing address or company details",
                            "summary": "The administrator changes the billing address, contact person and invoice email under Company › Details. A new organisation number requires a new customer account.",
                            "body": """Have you moved or changed contact person? Your administrator updates the details in the portal.

1. Go to **Company › Details**.
2. Change the billing address, contact person or invoice email.
3. Click **Save**. The change applies from the next invoice.

| Detail | Who changes it |
|---|---|
| Billing address, invoice email | The administrator in the portal |
| Delivery addresses | The administrator in the portal |
| Company name | Billing, after checking with the Companies Registration Office |
| Organisation number | Cannot be changed – contact us for a new customer account |

Invoices already sent are not changed. If you need a new invoice to the new address, contact Billing.
""",
                        },
                    },
                    {
                        "key": "contact-support",
                        "faq": True,
                        "visibility": "public",
                        "related": ["report-bug"],
                        "sv": {
                            "title": "Kontakta kundtjänst: öppettider och svarstider",
                            "summary": "Kundtjänst har öppet vardagar 8–17. Skicka ett ärende i portalen eller mejla oss, så svarar vi inom en arbetsdag.",
                            "body": """Hittar du inte svaret här? Vi hjälper gärna till.

| Kanal | Öppet | Svarstid |
|---|---|---|
| Ärende i portalen | Dygnet runt | Inom en arbetsdag |
| E-post: kundtjanst@fjallbo.example | Dygnet runt | Inom en arbetsdag |
| Telefon: 070-174 06 50 | Vardagar 8–17 | Normalt under 5 minuter |

Ärenden går direkt till rätt team: Kundtjänst (beställningar, leveranser, returer), Teknisk support (inloggning, portalen) eller Fakturering (fakturor, betalning, avtal).

Ange gärna ordernummer eller fakturanummer, så slipper vi fråga.
""",
                        },
                        "en": {
                            "title": "Contacting customer service: opening hours and response times",
                            "summary": "Customer service is open weekdays 8 am–5 pm. Send a request in the portal or email us and we reply within one working day.",
                            "body": """Cannot find the answer here? We are happy to help.

| Channel | Open | Response time |
|---|---|---|
| Request in the portal | Around the clock | Within one working day |
| Email: kundtjanst@fjallbo.example | Around the clock | Within one working day |
| Phone: 070-174 06 50 | Weekdays 8 am–5 pm | Usually under 5 minutes |

Requests go straight to the right team: Customer service (orders, deliveries, returns), Technical support (login, the portal) or Billing (invoices, payment, agreements).

Please include the order or invoice number so we do not need to ask.
""",
                        },
                    },
                ],
            },
        ],
    },
]


def article_keys() -> list[str]:
    """Every article's key, in the order above (a convenience for seeders and benchmarks)."""
    return [
        article["key"]
        for category in CATEGORIES
        for section in category["sections"]
        for article in section["articles"]
    ]
