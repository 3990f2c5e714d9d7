"""Word lists that tell place names from ordinary words in lead messages (folded: lowercase, no accents)."""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Ordinary English and Spanish words that follow "in"/"en" without being a place ("in cash", "en renta").
COMMON_WORDS = _words(
    """
    a about above across after again against all almost alone along already also although always am among
    an and another any anybody anyone anything anyway anywhere are around as at away back be because been
    before behind being below beside besides between beyond both but by can cannot could did do does doing
    done down during each either else enough even ever every everyone everything everywhere few for from
    further get gets getting go goes going gone got had has have having he her here hers herself him himself
    his how however i if in into is it its itself just least less like many may me might mine more most much
    must my myself near neither never next no nobody none nor not nothing now of off often on once one only
    onto or other others otherwise our ours ourselves out over own per perhaps please quite rather really
    same she should since so some somebody someone something sometime sometimes somewhere still such than
    that the their theirs them themselves then there these they this those though through thru till to too
    toward towards under until up upon us very via was we well were what whatever when where whether which
    while who whom whose why will with within without would yet you your yours yourself yourselves u ur im
    ready
    ive id dont cant wont didnt isnt lol tbh idk rn imo pls plz thx thanks thank ok okay yes yeah yep nope
    sure maybe ill hi hey hello
    today tomorrow tonight yesterday week weeks weekend weekends month months year years day days morning
    afternoon evening night time times hour hours minute minutes season spring summer fall autumn winter
    january february march april may june july august september october november december jan feb mar apr
    jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday saturday sunday mon tue tues
    wed thu thur thurs fri sat sun soon later early late asap now
    person cash escrow contract writing love mind touch general total advance full rent rents renting rental
    fees fee taxes tax equity savings debt school college town range budget bed law laws unit house home
    homes houses ground stock shape progress process spanish english espanol ingles fact case order terms
    line charge front addition place style mortgage interest closing costs repairs upgrades value price
    prices demand need trouble rush hurry real estate investing tech sales healthcare construction military
    market contact area areas neighborhood neighborhoods city cities state states country county region
    zone zones part parts side sides spot spots location locations lot lots building buildings apartment
    apartments apt condo condos townhouse townhome property properties complex community communities street
    streets road roads st ave avenue blvd drive dr lane ln court ct way unit units floor floors level
    levels room rooms bedroom bedrooms bath baths bathroom bathrooms kitchen garage yard pool basement
    office view views water lake-front waterfront schools school district districts half quarter whole
    mind particular between terms good great nice better best bad worse worst big bigger small smaller
    large larger new newer old older same different right left wrong first last second third sort kind
    type types lot-size size sizes shape condition conditions mint perfect excellent decent
    buy buying bought sell selling sold list listing listed move moving moved live living lived work
    working worked look looking looked find finding found want wanted wanting need needed needs interested
    think thinking thought know knew see saw seen show showing shown tour touring visit visiting stay
    staying stayed start starting started close closing closed pay paying paid afford make making made
    spend spending spent save saving saved help helping call calling text texting email
    mortgage loan loans lender lenders bank banks rate rates agent agents realtor realtors broker seller
    sellers buyer buyers owner owners landlord landlords tenant tenants family families kids kid children
    child wife husband partner mom dad parents mother father son daughter brother sister friend friends
    baby job jobs life money dollars bucks offer offers deal deals deposit down payment payments credit
    approval preapproval application paperwork documents fha va usda hoa mls dscr itin piti nnn arm cma
    conventional cap flip flips fixer investor investors investment investments business company
    particular general either mean means sense order effect detail details question questions answer
    pets pet dog dogs cat cats furniture furnished laundry parking storage space spaces
    un una unos unas el la los las lo de del al y o u e ni que con sin por para en entre sobre desde hasta
    mi mis tu tus su sus nuestro nuestra nuestros nuestras este esta estos estas ese esa esos esas aqui
    alli ahi alla muy mas menos ya todavia tambien solo pero porque como cuando donde quien cual cuanto
    renta venta efectivo camino familia centro casa casas colonia cuenta serio persona linea favor mes
    meses ano anos semana semanas dia dias manana tarde noche enero febrero marzo abril mayo junio julio
    agosto septiembre octubre noviembre diciembre primavera verano otono invierno zona area barrio ciudad
    estado pais lugar parte trabajo escuela escuelas precio precios dinero pago pagos credito banco agente
    total general cuanto seguida adelante ahora luego pronto
    zero two three four five six seven eight nine ten eleven twelve twenty thirty forty fifty hundred
    thousand million uno dos tres cuatro cinco seis siete ocho nueve diez mil mid middle beginning end
    pm am noon midnight try let lets sounds sound looks nope cool great awesome perfect fine
    """
)

# Words that end many place names ("Deer Park", "Oak Lawn", "Design District"): allowed inside a
# lowercase name even though some of them are ordinary words.
PLACE_TAIL_WORDS = _words(
    """
    house park square lake lakes heights hill hills village springs spring grove beach city valley creek ridge
    point harbor harbour island falls gardens garden forest woods station landing crossing estates terrace
    place cliff cliffs lawn highlands arts summit church land ranch town bay bluff bluffs shores shore
    meadows mesa oaks pines river glen vista junction mills mill port center centre view manor acres branch
    """
)

# Words that start many place names and may be ordinary words otherwise ("ft myers", "north hills").
PLACE_HEAD_WORDS = _words(
    """
    st ft mt saint fort mount port lake north south east west new old san santa los las el la del upper
    lower cape palm round grand little big n s e w ne nw se sw
    """
)

# Capitalised words that are never places after "in": months, days, languages, brands, loan types.
CAPITALISED_NON_PLACES = _words(
    """
    i january february march april may june july august september october november december jan feb mar apr
    jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday saturday sunday christmas
    thanksgiving easter navidad spanish english espanol ingles zillow redfin realtor trulia facebook
    instagram craigslist google airbnb vrbo opendoor offerpad youtube nextdoor tiktok fha va usda hoa mls
    dscr itin piti nnn arm cma asap section covid the my our your his her their this that these those we you
    they he she it mr mrs ms dr mom dad enero febrero marzo abril mayo junio julio agosto septiembre octubre
    noviembre diciembre lunes martes miercoles jueves viernes sabado domingo dios god ok okay yes no hi hey
    hello thanks thank please sir chase wells rocket
    """
)

# Words right before a preposition that rule the place out ("still in Japan", "inspectors
# in Reno", "he's in Paris").
BLOCKER_WORDS = _words(
    """
    agent agents attorney based born builder builders comadre compadre contractor contractors cover
    covers currently from grew he's hes inspector inspectors lawyer leaving left lender lenders llega
    llegan mover movers program programs raised realtor realtors she's shes stationed still teach
    teaches they're theyre trabaja trabajan trip vacation visiting vive viven work working works
    """
)

# Words that show the place is the one they search in: scanning back for blockers stops at them.
SEARCH_WORDS = _words(
    """
    algo anything apartment bed bedroom bedrooms beds br buscamos buscando busco buy buying casa condo
    find home house live living look looking move moving need place rent renting search searching
    something somewhere townhome townhouse want
    """
)

# Lowercase words that name a part of the next place ("downtown Tucson", "north Dallas").
AREA_WORDS = _words(
    """
    central downtown east eastern greater inner midtown ne north northeast northern northwest nw old
    outer se south southeast southern southwest sw uptown west western
    """
)

# US state names ("Bay City, Michigan": the state belongs to the place before it).
_SINGLE_WORD_STATES = _words(
    """
    alabama alaska arizona arkansas california colorado connecticut delaware florida georgia hawaii
    idaho illinois indiana iowa kansas kentucky louisiana maine maryland massachusetts michigan
    minnesota mississippi missouri montana nebraska nevada ohio oklahoma oregon pennsylvania tennessee
    texas utah vermont virginia washington wisconsin wyoming
    """
)
STATE_NAMES = _SINGLE_WORD_STATES | {
    "new hampshire", "new jersey", "new mexico", "new york", "north carolina", "north dakota", "rhode island",
    "south carolina", "south dakota", "west virginia",
}  # fmt: skip
