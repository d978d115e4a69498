"""Finnish texts of the rules: summary, *Why it matters* and *How to fix* (used by ``Rule.texts``).

The rule docstrings (English) are the reference; these are translations for the Finnish report and
``strategygraph explain --lang fi``. Rule codes and configuration keys (``carrying_statuses`` …) stay
untranslated. A rule missing here falls back to English.
"""

from __future__ import annotations

FI: dict[str, dict[str, str]] = {
    # ------------------------------------------------------------------ gap
    "G101": {
        "summary": "Strateginen painopiste, jota yksikään käynnissä oleva hanke ei toteuta.",
        "why": "Painopiste, jota kukaan ei toteuta, on strategiaa vain paperilla: strategiakartta lupaa sen, "
               "mutta mikään rahoitettu työ ei vie sitä käytäntöön.",
        "fix": "Kytke painopisteen toimenpiteet tai virstanpylväät hankkeeseen, joka ne toteuttaa, käynnistä (tai "
               "vahvista) painopisteelle hanke, tai hyväksy havainto ja kirjaa perusteluksi, missä painopistettä "
               "toteutetaan muualla.",
    },
    "G102": {
        "summary": "Alateema, jonka yhtäkään toimenpidettä mikään toteuttava hanke ei toteuta.",
        "why": "Alateemoissa vastuut määritellään. Alateema, jolla ei ole toteuttavaa hanketta, on kokonaan arjen "
               "perustoiminnan tai vielä vahvistamattomien suunnitelmien varassa.",
        "fix": "Anna toimenpiteet toteuttavan hankkeen toteutettaviksi tai vahvista hanke, joka niille on suunniteltu.",
    },
    "G103": {
        "summary": "Tiekartan virstanpylväs, jota yksikään käynnissä oleva hanke ei toteuta.",
        "why": "Tiekartta lupaa virstanpylvään tiettyyn vaiheeseen. Ilman toteuttajaa vaihe päättyy ilman sitä.",
        "fix": "Kirjaa, mikä hanke toimittaa virstanpylvään (``delivered_by``) tai mitkä toimenpiteet edistävät "
               "sitä (toimenpiteen ``milestones``), tai suunnittele työ.",
    },
    "G104": {
        "summary": "Toimenpide, jolla ei ole lainkaan toteuttajaa.",
        "why": "Työtä ei ole annettu kenenkään tehtäväksi.",
        "fix": "Nimeä toteuttava hanke tai se toimiala tai toiminto, joka työn tekee.",
    },
    "G105": {
        "summary": "Toimenpide, jota toteutetaan vain hankesalkun ulkopuolella.",
        "why": "Työ on todellista, mutta PMO ei näe sitä: sillä ei ole omaa budjettiriviä, hankkeen omistajaa "
               "eikä edistymisen raportointia. Siksi se raportoidaan erillään varsinaisista aukoista.",
        "fix": "Ei toimenpiteitä, jos perustoiminta todella toteuttaa työn; muuten varmista, että työ sisältyy "
               "toimialan omiin tavoitteisiin. Sääntö ei ole oletuksena käytössä (linjaorganisaation toteuttama työ ei "
               "ole aukko: muut aukkosäännöt nimeävät sen toteuttajan); ``--select G105`` ottaa sen käyttöön.",
    },
    "G106": {
        "summary": "Tavoite, jota yksikään käynnissä oleva hanke ei toteuta.",
        "why": "Tavoitteita toteuttaa yleensä tavoitteen omistava toimiala. Kun strategia kuitenkin "
               "edellyttää kehittämistyötä, mitään hanketta ei ole rahoitettu sen toteuttamiseen.",
        "fix": "Kytke tavoite virstanpylvääseen, jota se palvelee (ja virstanpylväs hankkeeseensa), tai kirjaa "
               "tavoitetta toteuttava hanke.",
    },
    "G111": {
        "summary": "Tavoite, hanke tai mittari, jolla ei ole yhteyttä yhteenkään painopisteeseen.",
        "why": "Työtä tai mittaamista, jota ei voi jäljittää strategiaan, ei voi myöskään asettaa "
               "tärkeysjärjestykseen strategian perusteella.",
        "fix": "Kytke kohde painopisteeseensä (``theme``, ``steered_under``, ``themes``) tai kysy, miksi se on "
               "olemassa. Jos lähteet jättävät painopisteen kertomatta (esim. sivun otsikko puuttuu), kirjaa "
               "``unstated: [theme]`` ja selitys: aukko on lähteissä eikä strategiassa, eikä sääntö silloin raportoi.",
    },
    "G112": {
        "summary": "Nykyisen tai tulevan vaiheen virstanpylväs, jota yksikään voimassa oleva tavoite ei "
                   "palvele.",
        "why": "Vuositavoitteilla valtuusto ohjaa tiekartan toteutumista vuosi kerrallaan. Jos mikään "
               "tavoite ei palvele virstanpylvästä, sen toteutumista ei seurata valtuustotasolla.",
        "fix": "Aseta virstanpylväälle tavoite seuraavassa vuosisuunnitelmassa tai varmista, että sitä seurataan "
               "muualla; jos tavoitteet nimeävät vain painopisteen, nimeä kullekin tavoitteelle virstanpylväät, "
               "joita se palvelee.",
    },
    "G113": {
        "summary": "Painopisteen tiekarttavaihe, jonka aikana yksikään toteuttava hanke ei ole käynnissä.",
        "why": "Tiekartan myöhempiin vaiheisiin ei usein ole vielä suunniteltu hankkeita, jolloin vaiheen "
               "virstanpylväillä ei ole toteuttajaa.",
        "fix": "Jatka jotakin hanketta, suunnittele jatkohanke tai hyväksy, että vaihe toteutetaan "
               "perustoiminnassa.",
    },
    "G114": {
        "summary": "Painopisteen ja mittarinäkökulman solu, jossa ei ole yhtään mittaria.",
        "why": "Jos painopistettä ei mitata jostakin näkökulmasta, sen edistymistä ei voi osoittaa siitä "
               "näkökulmasta. Mittarimatriisin on tarkoitus olla kattava.",
        "fix": "Määritä soluun mittari (aluksi se voi olla alustava).",
    },
    "G115": {
        "summary": "Tavoite, jolla ei ole mittaria (ei omaa eikä avaintulostensa kautta).",
        "why": "Ilman mittaria tavoitteen saavuttaminen on mielipidekysymys.",
        "fix": "Nimeä mittari, jolla tavoitteen toteutumista seurataan.",
    },
    "G116": {
        "summary": "Avaintulos tai tavoitteen mittaristo, jolta puuttuu lähtötilanne kokonaan.",
        "why": "Ilman lähtötilannetta todellista edistymistä ei voi erottaa satunnaisesta vaihtelusta.",
        "fix": "Kirjaa lähtötilanne (``baselines``), kun se on mitattu; lähdeasiakirjassa se voi olla merkitty "
               "viivalla ”-”.",
    },
    "G117": {
        "summary": "Avaintulos, jolla ei ole tavoitetasoa.",
        "why": "Avaintulos on määritelmänsä mukaan mitattava tavoite; ilman tavoitetasoa OKR-tavoitteen "
               "toteutumista ei voi arvioida.",
        "fix": "Kirjaa avaintuloksessa mainittu tavoitetaso.",
    },
    "G120": {
        "summary": "Painopiste, jonka edistymistä mikään tavoitetaso ei mittaa.",
        "why": "Painopistettä voi seurata vain tasoa vasten, joka on määrä saavuttaa tiettyyn vuoteen mennessä. "
               "Ilman sitä vuosittainen seuranta ei kerro, riittääkö tehty työ, ja painopiste putoaa pois "
               "edistymisen arvioinnista.",
        "fix": "Aseta vähintään yhdelle painopisteen mittarille tavoitetaso vuosineen (``targets``) tai kirjaa "
               "tavoite, jolla painopistettä seurataan.",
    },
    "G118": {
        "summary": "Kyvykkyys, jota toimenpiteet tai virstanpylväät edellyttävät mutta jota yksikään toteuttava "
                   "hanke ei kehitä.",
        "why": "Tarvittavat työkalut, toimintamallit ja osaaminen eivät synny itsestään; niitä tarvitseva työ "
               "pysähtyy.",
        "fix": "Kirjaa, mikä hanke kehittää kyvykkyyden, tai käynnistä sitä varten hanke.",
    },
    "G119": {
        "summary": "Työ, jota toteuttavat vain ehdotetut, suunnitellut, päätöstä odottavat tai päättyneet hankkeet.",
        "why": "Strategia luottaa hankkeeseen, jota ei (vielä tai enää) ole. Jos ehdotusta ei hyväksytä, työllä "
               "ei ole toteuttajaa.",
        "fix": "Tee päätös ehdotuksesta, siirrä työ toteuttavalle hankkeelle tai hyväksy havainto ja kirjaa "
               "päätöksen päivämäärä.",
    },
    # ------------------------------------------------------------------ overlap
    "O201": {
        "summary": "Kaksi hanketta, jotka tekevät osin samaa työtä, pisteytettynä painotetulla "
                   "Jaccard-samankaltaisuudella.",
        "why": "PMO katselmoi päällekkäisyydet ennen rahoituspäätöksiä: kaksi samaa työtä tekevää hanketta "
               "tuhlaa rahaa ja hämärtää omistajuutta.",
        "fix": "Yhdistä hankkeet, jaa yhteinen työ nimenomaisesti tai hyväksy havainto (esimerkiksi kun toinen "
               "on kuorihanke, joka raportoi toisen hankkeen työstä).",
    },
    "O202": {
        "summary": "Vähintään kolmen hankkeen rypäs, jota yhdistää päällekkäinen työ.",
        "why": "Parittaisissa katselmuksissa kokonaiskuva jää näkemättä: rypäs on ehdokas yhdeksi ohjelmaksi, "
               "jolla on yksi omistaja.",
        "fix": "Käy rypäs läpi kokonaisuutena ja harkitse ohjelmarakennetta.",
    },
    "O203": {
        "summary": "Toimenpide, jota toteuttaa kaksi tai useampi hanke.",
        "why": "Yhteinen toteutus on joskus tarkoituksellista (tekninen osa ja sisällöllinen osa), mutta silloin "
               "työnjaon on oltava selvä. Muuten kumpikin hanke olettaa toisen hoitavan työn.",
        "fix": "Kirjaa kunkin hankkeen osuus (toteutuksen ``part`` / ``scope``) tai valitse yksi toteuttaja.",
    },
    "O204": {
        "summary": "Kaksi samantyyppistä strategian osaa, joiden sanamuoto on lähes sama.",
        "why": "Kahteen kertaan kirjattu asia erkanee ajan myötä: kahta samaa tarkoittavaa virstanpylvästä "
               "seurataan joko kahdesti tai ei lainkaan.",
        "fix": "Yhdistä ne yhdeksi kohteeksi ja kirjaa toinen sanamuoto muunnelmaksi (``variant``). Sääntö ei "
               "ole oletuksena käytössä (sanojen samankaltaisuus ei erota yhtä sisällöltään eri sanaa – paikkaa, "
               "ainetta, sektoria – uudelleenmuotoilusta, joten useimmat sen löytämät parit ovat eri mittareita); "
               "``--select O204`` ottaa sen käyttöön.",
    },
    # ------------------------------------------------------------------ ownership
    "W301": {
        "summary": "Tavoite, avaintulos tai hanke, jolla ei ole omistajaa.",
        "why": "Mitä kukaan ei omista, siitä kukaan ei raportoi: edistyminen ja ongelmat jäävät huomaamatta "
               "vuoden lopun raporttiin asti.",
        "fix": "Nimeä omistajaksi yksikkö tai virka (ei koskaan henkilöä) kenttään ``owner``.",
    },
    "W302": {
        "summary": "Omistajuus on jaettu usean yksikön kesken, tai omistajana on toimielin eikä yksikkö tai virka.",
        "why": "Jaettu omistajuus ei ole omistajuutta: kun vastuussa on kaksi yksikköä, kumpikin voi odottaa "
               "toista. Toimielintä ei voi pitää tilivelvollisena toteutuksesta.",
        "fix": "Nimeä yksi vastuullinen yksikkö tai virka; kirjaa muut osallistujiksi huomautukseen.",
    },
    "W303": {
        "summary": "Omistaja, jolla on asetettua osuutta enemmän vuoden tavoitteista tai avaintuloksista.",
        "why": "Ylikuormitetusta omistajasta tulee koko strategian pullonkaula, eivätkä muut yksiköt enää koe "
               "olevansa vastuussa.",
        "fix": "Jaa omistajuutta tai anna omistajalle tukea; jos keskittäminen on tarkoituksellista, nosta "
               "raja-arvoa (``owner_max_share``) asetuksissa.",
    },
    # ------------------------------------------------------------------ dependency
    "D401": {
        "summary": "Kehämäinen riippuvuus.",
        "why": "Kehässä mikään ei voi alkaa ensimmäisenä: jokainen osa odottaa jotakin toista saman kehän osaa.",
        "fix": "Katkaise kehä: päätä, mikä osa aloitetaan ensin, tai yhdistä osat.",
    },
    "D402": {
        "summary": "Hanke, joka päättyy ennen kuin sen toteuttaman työn määräaika on käsillä.",
        "why": "Kun hanke päättyy, sen tiimi ja budjetti poistuvat; työ, jonka hankkeen piti toimittaa "
               "myöhemmin, jää ilman toteuttajaa.",
        "fix": "Jatka hanketta, siirrä työ nimenomaisesti jatkohankkeelle tai siirrä määräaikaa.",
    },
    "D403": {
        "summary": "Strategian osat, jotka nojaavat ehdotettuun, vahvistamattomaan, päättyneeseen tai "
                   "lopetettavaan hankkeeseen.",
        "why": "Tiekartta luottaa työhön, jota tekee vahvistamaton tai poistumassa oleva hanke; jokainen näistä "
               "osista tarvitsee uuden toteuttajan tai päätöksen.",
        "fix": "Vahvista hanke tai siirrä kukin osa toteuttavalle hankkeelle.",
    },
    "D404": {
        "summary": "Hanke, jonka menettäminen jättäisi suuren osan painopisteestä ilman toteuttajaa.",
        "why": "Jos hanke viivästyy, lakkautetaan tai sulautetaan toiseen, painopisteen toteutus pysähtyy. Näitä "
               "hankkeita on suojattava ja seurattava tarkasti.",
        "fix": "Hanki kriittiselle työlle toinen toteuttaja tai varasuunnitelma; koko luettelon näet komennolla "
               "``strategygraph impact PROJECT``.",
    },
    # ------------------------------------------------------------------ consistency
    "C501": {
        "summary": "Tavoite viittaa virstanpylvääseen, jota tiekartassa ei ole.",
        "why": "Tavoitteen mukaan se palvelee tiekartan virstanpylvästä, jota tiekartassa ei ole (eikä se ole "
               "tavoitteen jo palveleman virstanpylvään uudelleenmuotoilu): joko tiekarttaa "
               "on muutettu tai tavoite on kirjoitettu toisen version pohjalta, ja yhteys tavoitteesta "
               "strategiaan on katkennut.",
        "fix": "Korjaa viittaus tai lisää tavoitteen sanamuoto tarkoitetun virstanpylvään muunnelmaksi "
               "(``variant``).",
    },
    "C502": {
        "summary": "Voimassa olevien tavoitteiden mittari, jota strategian mittaristossa (mittarimatriisissa) ei ole.",
        "why": "Tavoitteita pitäisi seurata strategian omilla mittareilla. Uusi mittari, joka matriisista puuttuu, "
               "tarkoittaa, että matriisi on vanhentunut eikä painopisteen mittaaminen näytä sitä, mitä "
               "valtuusto seuraa.",
        "fix": "Käytä mittariston mittaria tai lisää uusi mittari matriisiin painopisteineen ja näkökulmineen.",
    },
    "C503": {
        "summary": "Tavoite, jonka raportoitu tila on ristiriidassa sen päätehtävien toteutumisen kanssa.",
        "why": "Vihreä tavoite, jonka päätehtävät ovat puolivalmiita (tai punainen, jonka päätehtävät ovat "
               "valmiita), tarkoittaa, että joko tila tai tehtävien raportointi on väärin – ja aluevaltuusto "
               "ohjaa tilan perusteella.",
        "fix": "Käy raportti läpi tavoitteen omistajan kanssa ja korjaa tila tai päätehtävien luvut.",
    },
    "C504": {
        "summary": "Hanke, joka päättyy ennen kuin se alkaa.",
        "why": "Kaikki aikataulutarkastelut (tiekartan vaiheet, määräajat) perustuvat näihin päivämääriin.",
        "fix": "Korjaa päivämäärät hankesalkun taulukon mukaisiksi.",
    },
    "D405": {
        "summary": "Työ, jonka hankkeesta ehdotettu päätös jättää ilman toteuttajaa.",
        "why": "Päätös hankkeesta on myös päätös sen työstä: jos kuorihanke ei itse tee työtä tai hanke "
               "lopetetaan, jonkun muun on otettava työ vastuulleen, tai työ pysähtyy huomaamatta.",
        "fix": "Nimeä hanke tai yksikkö, joka ottaa kunkin kohteen vastuulleen, tai arvioi ehdotus uudelleen.",
    },
    "C505": {
        "summary": "Hankkeen tila, joka on ilmoitettu kauan ennen analyysipäivää.",
        "why": "Kantavuutta, aikataulua ja päällekkäisyyttä koskevat havainnot nojaavat hankkeen tilaan; kauan "
               "sitten ilmoitettu tila ei ehkä enää pidä paikkaansa, eivätkä silloin havainnotkaan. Jos kaikkien "
               "hankkeiden tila on vanhentunut, koko salkku on päivitettävä ennen kuin havaintojen perusteella "
               "toimitaan.",
        "fix": "Vahvista hankkeen tila omistajalta ja kirjaa se päivämäärineen (``status_facts``).",
    },
    # ------------------------------------------------------------------ progress (rules/progress.py)
    "C506": {
        "summary": "Tavoite, jonka tila on raportoitu hyväksi, vaikka suurin osa sen tehtävistä ei etene.",
        "why": "Valtuusto ohjaa tavoitteen värin perusteella. Vihreäksi raportoitu tavoite, jonka tehtävistä "
               "useimmat ovat jäljessä, piilottaa työn, joka tarvitsee päätöksiä.",
        "fix": "Tarkista tavoitteen raportti omistajan kanssa: korjaa tavoitteen tila tai tehtävien valmiusasteet "
               "ja tilat.",
    },
    "C507": {
        "summary": "Avaintulokset ja mittareiden tavoitetasot, joiden määräaika on ohi ilman mitattua arvoa.",
        "why": "Tavoitetasoa, jonka määräaika on ohi ilman arvoa, ei voi todeta saavutetuksi eikä saavuttamatta "
               "jääneeksi: vuosiraportissa on aukko juuri siinä, mihin valtuusto odottaa vastausta.",
        "fix": "Kirjaa mitattu arvo päivämäärineen (``measurements`` tai ``quarterly``), tai jos mittaamisesta on "
               "luovuttu, kirjaa se huomautukseen ja poista määräaika.",
    },
    "C508": {
        "summary": "Käynnissä oleva tavoite, jonka uusin etenemistieto on analyysipäivänä liian vanha.",
        "why": "Kauan sitten raportoitu väri luetaan tämän päivän tilanteeksi: valtuusto ohjaa tilan perusteella, "
               "joka ei ehkä enää pidä paikkaansa.",
        "fix": "Pyydä tavoitteen omistajalta nykyinen tila ja kirjaa se päivämäärineen (``status_as_of``, "
               "``completion_as_of`` tai päivätty mittaus).",
    },
}
