"""Word and phrase pools for the claim generator (claims.generation): places, people, institutions,
themes with their subjects and units, and the sentences reviewers write. Plain data, no Django.

Pools are written as "|"-separated strings to keep the file readable; `pool()` splits them."""


def pool(text: str) -> tuple[str, ...]:
    return tuple(item.strip() for item in text.split("|") if item.strip())


PLACES = pool(
    """Leeds|Manchester|Glasgow|Cardiff|Belfast|Bristol|Liverpool|Sheffield|Newcastle|Aberdeen|Dundee|Swansea|
    Norwich|Plymouth|Brighton|Coventry|Leicester|Nottingham|Derby|Hull|York|Oxford|Cambridge|Exeter|Inverness|
    Dublin|Cork|Galway|Paris|Lyon|Marseille|Toulouse|Bordeaux|Lille|Nantes|Strasbourg|Berlin|Hamburg|Munich|
    Cologne|Frankfurt|Dresden|Leipzig|Stuttgart|Vienna|Graz|Zurich|Geneva|Basel|Milan|Turin|Naples|Palermo|
    Bologna|Florence|Madrid|Barcelona|Valencia|Seville|Bilbao|Lisbon|Porto|Amsterdam|Rotterdam|Utrecht|
    Brussels|Antwerp|Ghent|Copenhagen|Aarhus|Oslo|Bergen|Stockholm|Gothenburg|Malmo|Helsinki|Tampere|Tallinn|
    Riga|Vilnius|Warsaw|Krakow|Gdansk|Wroclaw|Poznan|Prague|Brno|Bratislava|Budapest|Debrecen|Bucharest|Cluj|
    Sofia|Varna|Belgrade|Zagreb|Ljubljana|Sarajevo|Skopje|Tirana|Athens|Thessaloniki|Istanbul|Ankara|Izmir|
    Kyiv|Kharkiv|Odesa|Lviv|Dnipro|Minsk|Chisinau|Tbilisi|Yerevan|Baku|Almaty|Tashkent|Cairo|Alexandria|Tunis|
    Casablanca|Lagos|Abuja|Accra|Nairobi|Mombasa|Kampala|Kigali|Addis Ababa|Dakar|Johannesburg|Durban|
    Cape Town|Harare|Lusaka|Mumbai|Delhi|Chennai|Kolkata|Bangalore|Karachi|Lahore|Dhaka|Colombo|Kathmandu|
    Bangkok|Hanoi|Manila|Jakarta|Surabaya|Kuala Lumpur|Singapore|Seoul|Busan|Osaka|Sapporo|Taipei|Sydney|
    Melbourne|Brisbane|Perth|Adelaide|Auckland|Wellington|Toronto|Montreal|Vancouver|Calgary|Ottawa|Halifax|
    Winnipeg|Boston|Chicago|Houston|Phoenix|Denver|Seattle|Atlanta|Detroit|Miami|Dallas|Portland|Baltimore|
    Milwaukee|Cleveland|Pittsburgh|Sacramento|Mexico City|Guadalajara|Monterrey|Bogota|Medellin|Lima|Quito|
    Santiago|Valparaiso|Buenos Aires|Cordoba|Montevideo|Sao Paulo|Rio de Janeiro|Recife|Salvador|Caracas|
    Havana|Kingston|the north-east|the south-west|the Midlands|the capital|the border region|rural Wales|
    the Highlands|the coastal towns|the inner cities|the eastern provinces|the river valley|the islands"""
)

REGIONS = pool(
    """Europe|the European Union|the region|the country|the world|the OECD|the G7|the continent|
    the Baltic states|the Balkans|Scandinavia|the Commonwealth|Latin America|East Africa|South Asia"""
)

FIRST_NAMES = pool(
    """Aleksandr|Konrad|Mykhailo|Maria|Anna|Sofia|Elena|Olga|Irina|Natalia|James|John|Robert|Michael|David|
    Sarah|Emily|Hannah|Laura|Rachel|Amira|Fatima|Aisha|Leila|Yasmin|Omar|Hassan|Karim|Tariq|Yusuf|Chen|Wei|
    Li|Mei|Hiroshi|Yuki|Kenji|Akiko|Min-jun|Ji-woo|Priya|Anil|Rahul|Sunita|Deepak|Kwame|Ama|Chinedu|Ngozi|
    Tendai|Thabo|Lerato|Jose|Carmen|Lucia|Diego|Mateo|Valentina|Camila|Joao|Beatriz|Pierre|Claire|Camille|
    Antoine|Julien|Lucas|Emma|Lena|Jonas|Felix|Greta|Klaus|Ingrid|Lars|Astrid|Mikael|Sigrid|Piotr|Katarzyna|
    Tomasz|Agnieszka|Jan|Eva|Petr|Zuzana|Janos|Eszter|Mihai|Ioana|Dimitar|Elif|Mehmet|Ayse|Giorgi|Nino|
    Aram|Ana|Marco|Giulia|Luca|Francesca|Sean|Aoife|Niamh|Ciaran|Owen|Rhys|Bethan|Fiona|Callum|Isla|Grace|
    Daniel|Thomas|Oliver|Charlotte|Amelia|Noah|Liam|Zainab|Ibrahim|Samuel|Ruth|Esther|Miriam|Benjamin"""
)

# "Kowalczyk" is the surname the benchmark misspells (generation.CLAIMANT_TYPO).
SURNAMES = pool(
    """Lukashenko|Muzyka|Podolyak|Kowalczyk|Novak|Horvat|Petrov|Ivanova|Smirnov|Kuznetsov|Popescu|Ionescu|
    Nagy|Szabo|Dvorak|Svoboda|Wisniewski|Zielinski|Mazur|Kaminski|Lewandowski|Schmidt|Schneider|Fischer|
    Weber|Meyer|Wagner|Becker|Hoffmann|Richter|Dubois|Lefebvre|Moreau|Laurent|Girard|Bonnet|Rossi|Russo|
    Ferrari|Esposito|Bianchi|Romano|Colombo|Garcia|Martinez|Lopez|Gonzalez|Rodriguez|Fernandez|Sanchez|
    Ramirez|Torres|Silva|Santos|Oliveira|Pereira|Costa|Almeida|Jansen|de Vries|van Dijk|Bakker|Visser|
    Peeters|Maes|Jacobs|Hansen|Nielsen|Jensen|Larsen|Andersson|Johansson|Karlsson|Nilsson|Virtanen|
    Korhonen|Tamm|Ozols|Kazlauskas|Yilmaz|Kaya|Demir|Celik|Beridze|Grigoryan|Aliyev|Papadopoulos|
    Georgiou|Murphy|Kelly|O'Brien|Byrne|Walsh|Jones|Williams|Davies|Evans|Thomas|Roberts|Hughes|Lewis|
    Morgan|Griffiths|Campbell|Stewart|MacDonald|Robertson|Fraser|Reid|Smith|Brown|Taylor|Wilson|Johnson|
    Clarke|Wright|Walker|Green|Hall|Wood|Harris|Khan|Ahmed|Hussain|Rahman|Ali|Shah|Patel|Sharma|Singh|Gupta|
    Iyer|Reddy|Nair|Chowdhury|Okafor|Adeyemi|Okonkwo|Mensah|Boateng|Kamau|Otieno|Mwangi|Nkosi|Dlamini|
    Moyo|Banda|Wang|Zhang|Liu|Huang|Zhao|Tanaka|Suzuki|Watanabe|Yamamoto|Kim|Park|Choi|Nguyen|Tran|
    Santoso|Reyes|Cruz|Mendoza|Morales|Castillo|Herrera|Vargas|Rojas|Cohen|Levi|Friedman|Haddad|Mansour|
    Nasser|Saleh|Farouk|Benali|Ouedraogo|Traore|Diallo|Keita|Ndiaye|Abara|Lindqvist|Berg|Strand|Holm"""
)

ORGANISATION_KINDS = pool(
    """Institute for {a} Studies|{a} Research Centre|Centre for {a} Policy|{place} {a} Council|
    {a} Watch|{place} Chamber of Commerce|{place} Police Federation|{a} Union of {place}|Friends of {place}|
    {place} Taxpayers' Alliance|{a} Forum|{place} City Council|{a} Alliance|{place} Residents' Association|
    Ministry of {a}|Office for {a} Statistics|{a} Network|Campaign for Better {a}"""
)
ORGANISATION_FIELDS = pool(
    """Energy|Housing|Health|Transport|Security|Budget|Migration|Climate|Education|Labour|Trade|Defence|
    Water|Farming|Digital|Justice|Welfare|Fiscal|Urban|Rural|Media|Consumer|Family|Civic|Ocean|Forest"""
)

ROLES = pool(
    """mayor of {place}|member of parliament for {place}|health minister|finance minister|defence minister|
    opposition leader|governor of {place}|police chief of {place}|union leader|economist|defence analyst|
    campaigner|council leader in {place}|party spokesperson|former prime minister|energy regulator|
    head of the {place} chamber of commerce|president|senator|city councillor in {place}|professor of economics|
    housing campaigner|environmental activist|trade minister|interior minister|school inspector"""
)

PUBLISHERS = pool(
    """The Daily Ledger|The Morning Post|Northern Echo Online|Civic Times|The Evening Courier|Metro Wire|
    The Public Record|Radio Free Harbour|Channel Nine News|The Weekly Dispatch|Capital Report|Regional Herald|
    The Observer Network|Open Gazette|Policy Review|The Continental|Harbour Broadcasting|Valley Voice|
    Parliament TV|The Statistician|Press Agency Wire|Globe Bulletin|The Sentinel|Independent Monitor"""
)
PUBLISHER_DOMAINS = pool(
    """ledger.example.com|morningpost.example.com|northernecho.example.net|civictimes.example.org|
    courier.example.com|metrowire.example.net|publicrecord.example.org|radiofree.example.org|
    channelnine.example.com|weeklydispatch.example.com|capitalreport.example.net|regionalherald.example.com|
    observer.example.net|opengazette.example.org|policyreview.example.org|continental.example.com|
    harbourbroadcasting.example.net|valleyvoice.example.org|parliament.example.org|statistician.example.net|
    pressagency.example.com|globebulletin.example.com|sentinel.example.net|monitor.example.org"""
)
SOURCE_TITLES = pool(
    """Interview with {person}|{person} on the campaign trail in {place}|Transcript: {person} speaks in {place}|
    Debate night in {place}|Council meeting, {place}|{place} budget hearing|Press conference in {place}|
    Weekly briefing from {place}|Live: election rally in {place}|Annual report of the {place} council|
    Questions to the minister|Evening news bulletin|{person} answers readers' questions|Panel discussion in {place}|
    {person}'s speech to the party conference|Statement from the {place} authorities|Radio phone-in with {person}|
    Post by {person}|Campaign leaflet distributed in {place}|Committee hearing on public spending|
    Opinion: what {place} gets wrong|Town hall meeting in {place}|Open letter signed by {person}"""
)

MONTHS = pool("January|February|March|April|May|June|July|August|September|October|November|December")
WEEKDAYS = pool("Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday")
SMALL_NUMBERS = pool("two|three|four|five|six|seven|eight|nine|ten|eleven|twelve")
TIME_SINCE = pool(
    """since {year}|in the past {n} years|over the last decade|this year|last year|since the last election|
    in the last {n} months|since the pandemic|in {year}|between {year} and {year2}|since records began|
    over the winter|in the first quarter|during the past parliament"""
)
OPENERS = pool(
    """According to official figures, |Since {year}, |In {place}, |Last year, |This winter, |For the first time, |
    Despite the cuts, |Under the current government, |Once again, |Over the past decade, |Right now, |
    By any measure, |Thanks to the new policy, |In the last {n} months, """
)
QUOTE_OPENERS = pool(
    """Let me be clear: |The truth is that |Frankly, |I can tell you that |People should know that |
    Make no mistake, |Everyone knows that |The facts are simple: |As I said in {place}, |Look, """
)

# A theme: who acts in it, what is counted (with a verb that fits), what money is spent on, the
# policies argued about, and the measures that rise and fall. Weights in generation.THEMES.
THEMES = {
    "health": {
        "actors": pool(
            """the health ministry|the regional health board|the hospital trust|the health service|
            hospital managers|the hospital in {place}|the nurses' union|the health department of {place}"""
        ),
        "counts": pool(
            """nurses:hired,recruited,lost,trained|hospital beds:added,cut,opened,closed|doctors:hired,trained,lost|
            patients:treated,turned away,discharged|hospital wards:closed,opened,refurbished|
            ambulances:bought,added,withdrawn|clinics:opened,closed|hospital staff:hired,laid off|
            care homes:closed,opened|vaccinations:delivered,given|midwives:recruited,trained,lost"""
        ),
        "spending": pool(
            """hospital repairs|new hospital buildings|mental health care|hospital cleaning|hospital waiting lists|
            the hospital in {place}|hospital food|dental care|hospital maternity units|hospital parking"""
        ),
        "measures": pool(
            """hospital waiting times|the number of patients waiting|ambulance response times|infant mortality|
            hospital infections|hospital admissions|the hospital waiting list for surgery|hospital debt"""
        ),
        "policies": pool(
            """the hospital reorganisation plan|prescription charges|the new hospital in {place}|
            the mental health strategy|closing the maternity unit|the sugar tax|the smoking ban"""
        ),
    },
    "economy": {
        "actors": pool(
            """the central bank|the finance ministry|the treasury|the government|the chamber of commerce|
            the statistics office|the opposition|the business lobby"""
        ),
        "counts": pool(
            """jobs:created,lost,added,cut|businesses:opened,closed,registered|factories:opened,closed|
            apprenticeships:created,funded|shops:closed,opened|start-ups:registered,funded|
            workers:hired,laid off|export licences:issued,revoked"""
        ),
        "spending": pool(
            """business rates relief|the new bypass|tax cuts|subsidies for farmers|public sector pay|
            the regeneration scheme in {place}|small business grants|the national debt|interest payments"""
        ),
        "measures": pool(
            """inflation|unemployment|the minimum wage|average earnings|the price of bread|food prices|
            the trade deficit|government borrowing|youth unemployment|the cost of living|petrol prices"""
        ),
        "policies": pool(
            """the new income tax band|the fuel duty freeze|the minimum wage increase|the trade agreement|
            the windfall tax|the four-day week trial|the wealth tax"""
        ),
    },
    "pensions": {
        "actors": pool(
            """the pensions minister|the work and pensions department|the pension fund|the government|
            the retirement lobby|the welfare office in {place}"""
        ),
        "counts": pool(
            """pensioners:lifted out of poverty,left without heating|pension claims:processed,rejected|
            benefit claimants:sanctioned,helped|care workers:hired,lost"""
        ),
        "spending": pool(
            """the state pension|pension credit|winter fuel payments|the pension triple lock|welfare payments|
            child benefit|disability benefits"""
        ),
        "measures": pool(
            """pensioner poverty|the state pension age|the value of the state pension|child poverty|
            the number of people on benefits"""
        ),
        "policies": pool(
            """raising the pension age|the pension triple lock|the two-child benefit cap|universal credit|
            means-testing the winter fuel payment"""
        ),
    },
    "housing": {
        "actors": pool(
            """the housing ministry|the city council of {place}|developers|the government|housing associations|
            the planning inspectorate|tenants' groups|the mayor's office"""
        ),
        "counts": pool(
            """homes:built,completed,demolished,sold|affordable homes:built,promised,delivered|
            council houses:sold,built|flats:built,approved|rough sleepers:housed,counted|
            eviction notices:issued,served|planning applications:approved,rejected"""
        ),
        "spending": pool(
            """social housing|temporary accommodation|the housing benefit bill|insulating council homes|
            removing dangerous cladding|the new estate in {place}|help for first-time buyers"""
        ),
        "measures": pool(
            """average rents|house prices|homelessness|the number of empty homes|mortgage rates|
            the waiting list for council housing|overcrowding"""
        ),
        "policies": pool(
            """the rent freeze|the right to buy|the green belt rules|the ban on no-fault evictions|
            the new planning law|the second homes tax"""
        ),
    },
    "crime": {
        "actors": pool(
            """the police|the interior ministry|the justice ministry|the prison service|the courts|
            the police commissioner for {place}|the mayor's office|the opposition"""
        ),
        "counts": pool(
            """police officers:recruited,cut,lost,trained|burglaries:recorded,solved|knife crimes:recorded,reported|
            prisoners:released early,transferred|police stations:closed,opened|arrests:made|
            speed cameras:installed,removed|street lights:switched off,replaced"""
        ),
        "spending": pool(
            """neighbourhood policing|new prison places|body cameras for officers|victim support|
            the courts backlog|youth clubs|CCTV in {place}"""
        ),
        "measures": pool(
            """violent crime|the burglary rate|reoffending|the murder rate|shoplifting|antisocial behaviour|
            the courts backlog|car theft"""
        ),
        "policies": pool(
            """the stop and search powers|early release of prisoners|the knife amnesty|
            the new sentencing guidelines|the curfew in {place}"""
        ),
    },
    "defence": {
        "actors": pool(
            """the defence ministry|the army|the navy|the general staff|the alliance|the government|
            the opposition|military analysts"""
        ),
        "counts": pool(
            """soldiers:deployed,stationed,withdrawn,recruited|tanks:delivered,ordered,lost|
            troops:deployed,sent,withdrawn|fighter jets:ordered,delivered|drones:shot down,launched,bought|
            warships:built,decommissioned|reservists:called up,trained|artillery shells:produced,delivered"""
        ),
        "spending": pool(
            """defence|military aid|new frigates|air defence|veterans' care|the nuclear deterrent|
            the base near {place}|ammunition"""
        ),
        "measures": pool(
            """defence spending|the size of the army|recruitment|military exports|the number of troops abroad"""
        ),
        "policies": pool(
            """conscription|the arms embargo|the new defence pact|the troop withdrawal|military aid to Kyiv|
            the base closure in {place}"""
        ),
    },
    "energy": {
        "actors": pool(
            """the energy regulator|the energy ministry|the grid operator|energy companies|the government|
            the opposition|climate campaigners|the utility in {place}"""
        ),
        "counts": pool(
            """wind turbines:installed,approved,built|solar farms:approved,built|power stations:closed,opened|
            households:cut off,switched,insulated|heat pumps:installed,fitted|charging points:installed,built|
            gas fields:licensed,closed"""
        ),
        "spending": pool(
            """renewable energy|the energy price cap|home insulation|nuclear power|offshore wind|
            the new power station near {place}|energy bill support|fuel subsidies"""
        ),
        "measures": pool(
            """energy bills|electricity prices|gas prices|carbon emissions|the share of wind power|fuel poverty|
            the price of heating oil"""
        ),
        "policies": pool(
            """the ban on new gas boilers|the carbon tax|the fracking ban|the nuclear phase-out|
            the onshore wind ban|the energy price cap"""
        ),
    },
    "education": {
        "actors": pool(
            """the education ministry|the teachers' union|universities|the schools inspectorate|
            the government|the council of {place}|parents' groups|the opposition"""
        ),
        "counts": pool(
            """teachers:hired,recruited,lost|schools:closed,opened,rebuilt|university places:funded,cut|
            pupils:excluded,enrolled|classrooms:built,closed|teaching assistants:hired,cut|
            school meals:served,funded|libraries:closed,opened"""
        ),
        "spending": pool(
            """school buildings|free school meals|teachers' pay|university tuition|special needs support|
            the new school in {place}|adult education|nurseries"""
        ),
        "measures": pool(
            """class sizes|exam results|truancy|tuition fees|graduate earnings|the attainment gap|
            literacy rates"""
        ),
        "policies": pool(
            """free tuition|the ban on phones in schools|the new curriculum|the school funding formula|
            grammar schools|the student loan reform"""
        ),
    },
    "environment": {
        "actors": pool(
            """the environment agency|water companies|the government|farmers|climate scientists|
            the council of {place}|environmental groups|the opposition"""
        ),
        "counts": pool(
            """trees:planted,felled|sewage spills:recorded,reported|rivers:cleaned,polluted|
            tonnes of plastic:recycled,dumped|hectares of forest:lost,protected|species:protected,lost|
            flood defences:built,repaired"""
        ),
        "spending": pool(
            """flood defences|tree planting|cleaning up rivers|recycling|the clean air zone in {place}|
            coastal protection|rewilding"""
        ),
        "measures": pool(
            """air pollution|sewage discharges|recycling rates|average temperatures|sea levels|
            the number of flood warnings|river quality"""
        ),
        "policies": pool(
            """the clean air zone|the plastic bag charge|the ban on single-use plastics|the net zero target|
            the low emission zone in {place}|the deposit return scheme"""
        ),
    },
    "transport": {
        "actors": pool(
            """the transport ministry|the rail operator|the bus company|the city council of {place}|
            the government|commuters' groups|the airport|the opposition"""
        ),
        "counts": pool(
            """bus routes:cut,restored,added|trains:cancelled,delayed|potholes:filled,reported|
            cycle lanes:built,removed|flights:cancelled,added|level crossings:closed,upgraded|
            electric buses:bought,ordered|road deaths:recorded"""
        ),
        "spending": pool(
            """the high-speed rail line|road repairs|cycle lanes|the tram extension in {place}|bus subsidies|
            the airport expansion|the new bridge"""
        ),
        "measures": pool(
            """rail fares|bus fares|traffic congestion|road deaths|train punctuality|the price of diesel|
            commuting times"""
        ),
        "policies": pool(
            """the congestion charge|the 20 mph limit|the airport expansion|the fare freeze|
            the new rail line to {place}|the ban on petrol cars"""
        ),
    },
    "migration": {
        "actors": pool(
            """the home office|the border agency|the interior ministry|the government|refugee charities|
            the coastguard|the opposition|the council of {place}"""
        ),
        "counts": pool(
            """asylum claims:processed,rejected,approved|migrants:deported,rescued,resettled|
            visas:issued,revoked|refugees:resettled,housed|border guards:hired,deployed|
            small boats:intercepted,turned back"""
        ),
        "spending": pool(
            """asylum hotels|border security|refugee resettlement|the processing centre in {place}|
            language classes for newcomers|deportation flights"""
        ),
        "measures": pool(
            """net migration|the asylum backlog|the number of small boat crossings|visa fees|
            the number of foreign students"""
        ),
        "policies": pool(
            """the deportation scheme|the points-based system|the family visa rules|the asylum reform|
            the border wall"""
        ),
    },
    "elections": {
        "actors": pool(
            """the electoral commission|the ruling party|the opposition|pollsters|the president|
            the election observers|the parliament|the council of {place}"""
        ),
        "counts": pool(
            """votes:counted,cast,annulled|polling stations:opened,closed|candidates:registered,barred|
            postal ballots:rejected,sent|seats:won,lost|complaints:filed,upheld"""
        ),
        "spending": pool(
            """election campaigns|party advertising|the referendum|voter registration drives|
            the count in {place}"""
        ),
        "measures": pool(
            """turnout|the government's approval rating|the party's share of the vote|the majority|
            trust in politicians"""
        ),
        "policies": pool(
            """voter identification rules|votes at sixteen|proportional representation|the new constituency map|
            the ban on foreign donations"""
        ),
    },
}

# The theme of each claim is drawn with these weights (they sum to 100).
THEME_WEIGHTS = {
    "health": 11,
    "economy": 12,
    "pensions": 3,
    "housing": 9,
    "crime": 9,
    "defence": 9,
    "energy": 9,
    "education": 8,
    "environment": 8,
    "transport": 8,
    "migration": 7,
    "elections": 7,
}

UNITS_OF_DISTANCE = pool("miles|kilometres")
CURRENCIES = pool("dollars|euros|pounds")
TENURES = pool("grip on power|career in parliament|run as mayor|tenure|reign as party leader|stint in office")
TRENDS_UP = pool("rose|went up|increased|climbed|jumped|doubled")
TRENDS_DOWN = pool("fell|went down|dropped|decreased|halved|collapsed")
SUPERLATIVES = pool("the highest|the lowest|the fastest-rising|the worst|the best")
COMMITMENTS = pool("promised|pledged|vowed|announced plans|committed")
EVENT_VERBS = pool("opened|closed|inaugurated|visited|cancelled|approved|blocked|announced|suspended|launched")
EVENT_OBJECTS = pool(
    """a new bridge|the summit|an inquiry|the central station|a new factory|a trade fair|the border crossing|
    the airport terminal|an emergency fund|a peace conference|the old steelworks|a memorial|the port|
    a vaccination centre|the national stadium|a data centre|an observatory|the ferry service"""
)
GROUPS = pool(
    """voters|young people|pensioners|families|farmers|nurses|teachers|students|small businesses|
    commuters|tenants|homeowners|drivers|shop owners|parents|residents"""
)
LAWS = pool(
    """the constitution|European law|the human rights act|international law|the city's charter|
    the equality act|the trade agreement"""
)
OPINIONS = pool("oppose|support|are worried about|want a referendum on|have never heard of|welcome")

VERDICT_HEADLINES = {
    "True": pool(
        """The figure matches the official data|Records confirm it|Correct: the numbers back this up|
        Accurate, and the source is public|Yes, this is right"""
    ),
    "Mostly true": pool(
        """Broadly right, but the figure is rounded up|Right on the trend, slightly off on the number|
        Accurate, though it leaves out an earlier rise|Mostly correct, with a caveat about the dates"""
    ),
    "Misleading": pool(
        """The number is real, the comparison is not|Cherry-picked years make the change look larger|
        True in one region, not across the country|Leaves out inflation, which changes the picture"""
    ),
    "Mostly false": pool(
        """The official figure is far smaller|Only a small part of this is true|
        The trend went the other way after the first year|Exaggerated several times over"""
    ),
    "False": pool(
        """No record supports this|The data say the opposite|This did not happen|Wrong: the figure is invented|
        The official statistics contradict it"""
    ),
    "Unverifiable": pool(
        """No public data can settle this|The figure cannot be checked against any record|
        Too early to tell, and no one publishes the numbers"""
    ),
}
EXPLANATIONS = pool(
    """We compared the claim with the latest release of the statistics office.|
    The ministry's own annual report gives a different figure.|
    We asked the press office for the source of the number and received no reply.|
    Independent researchers reached a similar estimate using a different method.|
    The figure covers only part of the period the claim refers to.|
    Budget documents show the money was announced but not yet spent.|
    The numbers were revised after the claim was made.|
    Local records from {place} were used to check the figure.|
    Two experts we spoke to said the comparison is not like for like.|
    Adjusted for inflation, the change is much smaller.|
    The claim repeats a figure first published in {year}.|
    Satellite images and local reports from {place} were consistent with the claim.|
    The source cited by the speaker does not contain the figure."""
)
EVIDENCE_NOTES = pool(
    """Official statistics for {year}.|Annual report, table 3.|Parliamentary answer from {month} {year}.|
    Press release from the ministry.|Freedom of information response.|Interview with a local official in {place}.|
    Academic study on the subject, {year}.|Council minutes from {place}.|Archived version of the original page.|
    Dataset from the statistics office.|Reporting by a local newspaper in {place}.|Court records.|
    Budget documents for {year}.|Expert comment by phone.|Map measurement."""
)
EVIDENCE_EXCERPTS = pool(
    """The figures show a steady change over the period.|The total for the year was revised in {month}.|
    Spending rose in cash terms but fell in real terms.|No such programme appears in the budget.|
    The department confirmed the number in a written answer.|The data for {place} were not published separately.|
    Officials described the estimate as provisional.|The survey covered {n},000 households."""
)
COMMENTS = pool(
    """Asked the press office for their source; waiting for a reply.|Is this the same figure as last year's claim?|
    The statistics office publishes the update on {weekday}.|I can take this one.|
    Check whether the number includes part-time posts.|Found the original speech: the quote is accurate.|
    Needs a second source before we rate it.|The link in the post is dead; try the archived copy.|
    Careful: the years in the comparison are not the same length.|Local reporter in {place} has the documents.|
    Same claim went around in {year}.|Priority: it is trending this morning.|Draft is ready for a look.|
    Does the figure cover the whole country or only {place}?|Called the council in {place}; they will email the data.|
    Editor note: keep the headline short.|The expert we quoted last time is happy to comment again."""
)
SEND_BACK_NOTES = pool(
    """The second source does not say what the draft says.|Rating too harsh for what the evidence shows.|
    Add the official figure to the explanation.|Check the dates again.|The headline overstates the finding."""
)
NOT_CHECKABLE_NOTES = pool(
    """An opinion, not a fact.|A prediction no record can settle yet.|No public data exist for this.|
    Too vague to check: no figure, no period.|A matter of interpretation."""
)
CORRECTION_NOTES = pool(
    """A reader pointed out a newer release of the figures.|The official data were revised.|
    The verdict linked to the wrong report."""
)
