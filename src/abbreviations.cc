// abbreviations.cc: the per-language rule data (abbreviations, sentence starters, months).
//
// Lists are written without the final full stop and without spaces ("z. B." is "z.B");
// words are separated by spaces. Every language also gets the generic lists (abbreviations
// that occur in running text in many languages, mostly English and Latin).
#include <map>
#include <mutex>
#include <string>

#include "segment_rules.h"

namespace tralign::rules {
namespace {

struct LanguageData {
  const char* language;
  const char* always;   // Abbreviation::kAlways
  const char* numeric;  // Abbreviation::kNumeric
  const char* common;   // Abbreviation::kCommon
  const char* final;    // Abbreviation::kFinal
  const char* starters;
  const char* months;
  bool ordinal_dot;
  bool quotative;
};

constexpr LanguageData kGeneric = {
    "",
    "Mr Mrs Ms Messrs Mmes Dr Drs Prof Profs Rev Hon Gen Col Lt Sgt Capt Cmdr Adm Gov Sen Rep "
    "Pres Supt Mt Ft e.g i.e cf vs viz approx ca incl excl resp esp Dr.med Dr.phil Dr.jur "
    "Dr.rer.nat",
    "No Nos Nr Nrs Vol Vols p pp Fig Figs Art Arts Ch Sec Para Eq Ref",
    "etc Inc Ltd Co Corp Bros Jr Sr St Ave Blvd Rd Dept Univ Assn Est a.m p.m A.M P.M U.S U.K "
    "U.N E.U Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec Mon Tue Tues Wed Thu Thur Thurs "
    "Fri Mio Mrd eds ft lb lbs oz al Ph.D",
    "etc a.m p.m A.M P.M",
    "",
    "",
    false,
    false,
};

constexpr LanguageData kLanguages[] = {
    {"en",
     "Mr Mrs Ms Dr Prof Rev Hon Gen Col Maj Lt Sgt Cpl Pvt Capt Cmdr Adm Gov Sen Rep Pres Supt "
     "Insp Det Mt Ft Messrs e.g i.e cf vs viz approx ca incl excl resp esp Rt Hon Atty",
     "No Nos Vol Vols p pp Fig Figs Art Ch Sec Para Eq Ref Tel Ex Pt Pts",
     "etc Inc Ltd Co Corp Bros Jr Sr St Ave Blvd Rd Ln Dept Univ Assn Est a.m p.m A.M P.M U.S U.K "
     "U.N E.U U.S.A Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec Mon Tue Tues Wed Thu Thur "
     "Thurs Fri mins hrs secs ft lb lbs oz yd yds govt "
     "dept misc eds ave al Ph.D B.A M.A B.Sc M.Sc M.D D.C L.A N.Y",
     "etc a.m p.m A.M P.M",
     "The A An This That These Those There Here It Its He She We They I You His Her Our Their "
     "My Your What When Where Why How Who Which Whose But And Or So Yet If In On At As For From "
     "By With After Before During Then Now However Also Although Though Because Since While "
     "Meanwhile Moreover Furthermore Still Thus Therefore Later Today Yesterday Tomorrow Some "
     "Many Most All Every Each Both No Not None One Two Three Please Let Do Does Did Is Are Was "
     "Were Will Would Can Could Should Shall May Might Must Have Has Had Being According",
     "January February March April May June July August September October November December", false,
     false},
    {"de",
     "Hr Hrn Fr Frl Dr Prof Dipl Ing Mag Hl Pfr Dres Sr bzw vgl ca sog bspw evtl ggf inkl exkl "
     "zzgl abzgl gem ggü gegr geb gest verh Ggs z.B z.T z.Zt u.a u.U u.Ä u.ä o.Ä o.ä o.g d.h s.o "
     "s.u v.a i.d.R i.A i.V m.E m.W a.D i.R n.Chr v.Chr u.dgl Dr.med Dr.jur Dr.phil Dr.rer.nat "
     "Dr.-Ing Dr.h.c Prof.Dr St",
     "Nr Abs Art S Bd Bde Kap Tel Abb Tab Anm Ziff Zi Fn Rn Rdnr Jg Lfg Bl",
     "usw etc Mio Mrd Tsd Jh Jhd Jhdt Str Co Inc Ltd Jan Feb Febr Mär Apr Jun Jul Aug Sep Sept "
     "Okt Nov Dez Mo Di Mi Do Sa So Std Min Sek Hrsg Aufl Anh Bhf Mrz Tl EL u.v.m u.v.a Ges Mill",
     "usw etc u.v.m u.v.a",
     "Der Die Das Den Dem Des Ein Eine Einer Einen Er Sie Es Wir Ich Ihr Man Dies Diese Dieser "
     "Dieses Dann Doch Aber Und Oder Denn So Als Wenn Wie Was Wo Warum Wer Auch Im Am In Auf "
     "Nach Vor Mit Bei Für Von Zu Seit Heute Jetzt Nun Damit Deshalb Daher Trotzdem Dabei "
     "Außerdem Zudem Danach Dort Hier Sein Seine Ihre Unser Unsere Mein Meine Kein Keine Nicht "
     "Alle Viele Einige Bitte Ob Da Weil Obwohl Während Schließlich Später",
     "Januar Jänner Februar März April Mai Juni Juli August September Oktober November Dezember "
     "Jan Feb Febr Mär Mrz Apr Jun Jul Aug Sep Sept Okt Nov Dez",
     true, false},
    {"fr", "M MM Mme Mmes Mlle Mlles Mgr Dr Pr Me St Ste Sts cf vs env c.-à-d p.ex ex",
     "n no nos p pp art chap vol fig t éd",
     "etc Cie Inc Ltd av apr J.-C janv févr avr juil sept oct nov déc bd boul h min s.v.p "
     "S.A S.A.R.L",
     "etc",
     "Le La Les L Un Une Des Il Elle Ils Elles Nous Vous Je On Ce Cet Cette Ces C Mais Et Ou "
     "Donc Car Si Quand Puis Alors Ensuite Dans En Au Aux Pour Par Avec Sur Sous Aujourd Hier "
     "Demain Son Sa Ses Leur Leurs Mon Ma Mes Notre Nos Votre Vos Cependant Pourtant Enfin "
     "Toutefois Ainsi Selon Après Avant Depuis Pendant",
     "janvier février mars avril mai juin juillet août septembre octobre novembre décembre", false,
     false},
    {"es",
     "Sr Sra Srta Sres Sras Dr Dra Dres Lic Licda Ing Arq Prof Profa Ud Uds Vd Vds Sto Sta Mons "
     "Excmo Excma Ilmo Ilma D Dña p.ej aprox cf vs",
     "núm Núm pág págs p pp art cap vol fig n nro",
     "etc EE.UU S.A S.L Cía Av Avda ene feb mar abr may jun jul ago sep sept oct nov dic a.C d.C "
     "a.m p.m hs min",
     "etc a.m p.m",
     "El La Los Las Lo Un Una Unos Unas Él Ella Ellos Ellas Nosotros Yo Se Es Este Esta Esto "
     "Estos Estas Ese Esa Pero Y O Si Cuando Entonces Luego En Con Por Para Hoy Ayer Mañana Su "
     "Sus Mi Mis Nuestro Nuestra No Sin Sin Además Sin Según Después Antes Así También Ahora",
     "enero febrero marzo abril mayo junio julio agosto septiembre setiembre octubre noviembre "
     "diciembre",
     false, false},
    {"it",
     "Sig Sigg Sig.ra Sig.na Dott Dott.ssa Prof Prof.ssa Ing Avv Arch Geom Rag On Egr Gent Spett "
     "Mons Don p.es cfr ca vs",
     "n pag pagg p pp art cap vol fig tab",
     "ecc etc S.p.A S.r.l gen febb mar apr magg giu lug ago sett ott nov dic a.C d.C", "ecc etc",
     "Il Lo La I Gli Le L Un Una Uno Lui Lei Loro Noi Voi Io È Questo Questa Questi Queste Quel "
     "Quella Ma E O Se Quando Poi Allora In Con Per Da Dopo Prima Oggi Ieri Domani Suo Sua Mio "
     "Mia Non Anche Così Infatti Inoltre Tuttavia Secondo",
     "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre "
     "dicembre",
     false, false},
    {"nl",
     "dhr Dhr mevr Mevr mw Mw dr prof ir mr ing drs ds bijv d.w.z o.a m.b.t i.p.v a.u.b z.g.a "
     "resp ca vs vgl t.a.v i.v.m m.a.w",
     "nr blz art hfst fig p pp",
     "enz etc jl jan feb mrt apr jun jul aug sep sept okt nov dec e.a e.d B.V N.V", "enz etc",
     "De Het Een Hij Zij Ze Wij We Ik Jij Je U Dit Dat Deze Die Maar En Of Als Toen Dan In Op "
     "Met Voor Na Vandaag Gisteren Morgen Zijn Haar Hun Ons Onze Mijn Niet Geen Ook Daarom "
     "Daarna Echter Volgens",
     "januari februari maart april mei juni juli augustus september oktober november december",
     false, false},
    {"pt", "Sr Sra Srta Srs Dr Dra Drs Prof Profa Eng Exmo Exma V.Exa p.ex ex cf vs aprox",
     "n nº núm pág págs p pp art cap vol fig",
     "etc Ltda S.A Av jan fev mar abr mai jun jul ago set out nov dez a.C d.C", "etc",
     "O A Os As Um Uma Uns Umas Ele Ela Eles Elas Nós Eu Você Este Esta Isto Esse Essa Isso Mas "
     "E Ou Se Quando Então Depois Antes Em No Na Nos Nas Com Para Por Hoje Ontem Amanhã Seu Sua "
     "Meu Minha Não Também Assim Segundo Além",
     "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro",
     false, false},
    {"ru",
     "т.е т.к т.н т.ч т.о см ср напр проф акад доц им ул пр д кв стр гл рис табл тыс млн млрд "
     "руб коп г.г гг вв",
     "№ с стр п рис табл гл т",
     "т.д т.п др г в н.э до.н.э etc янв февр фев апр авг сент окт нояб дек", "т.д т.п etc",
     "Он Она Оно Они Мы Я Вы Ты Это Этот Эта Эти Но И А Или Если Когда Потом Тогда В На С По "
     "Сегодня Вчера Завтра Так Там Здесь Его Ее Её Их Мой Моя Наш Наша Не Нет Все Всё Как Что "
     "Кто Где Почему После До Однако Также Поэтому Затем",
     "января февраля марта апреля мая июня июля августа сентября октября ноября декабря", false,
     false},
    {"da",
     "hr fr frk dr prof bl.a f.eks d.v.s dvs mht iflg jf pga p.g.a vedr evt inkl ca ang bl.a "
     "ift m.h.t",
     "nr s kl stk", "osv m.fl mv m.v etc jan feb mar apr jun jul aug sep sept okt nov dec",
     "osv etc",
     "Den Det De En Et Han Hun Vi Jeg Du I Der Men Og Eller Hvis Når Så Derefter På Med For Af "
     "Til Efter Før Hans Hendes Deres Vores Min Mit Ikke Ingen Også Derfor Dog",
     "januar februar marts april maj juni juli august september oktober november december", true,
     false},
    {"pl",
     "dr prof mgr inż hab np tzn tj m.in ok ul al pl św ks płk gen por kpt im wg tzw zob ds "
     "mjr ppłk",
     "nr s str godz poz ust pkt art",
     "itp itd r w tys mln mld zł gr etc jw m.in sty lut mar kwi maj cze lip sie wrz paź lis gru "
     "p.n.e n.e",
     "itp itd etc",
     "On Ona Ono Oni One My Ja Ty Wy To Ten Ta Te Ale I A Lub Jeśli Gdy Kiedy Potem W Na Z Po "
     "Dziś Dzisiaj Wczoraj Jutro Jest Nie Jego Jej Ich Mój Moja Nasz Nasza Także Również Dlatego "
     "Jednak Według Przed Od Do Dla",
     "stycznia lutego marca kwietnia maja czerwca lipca sierpnia września października "
     "listopada grudnia styczeń luty marzec kwiecień maj czerwiec lipiec sierpień wrzesień "
     "październik listopad grudzień",
     true, false},
    {"sv", "t.ex bl.a d.v.s dvs s.k fr.o.m t.o.m ca resp p.g.a pga jfr f.d dr prof fr hr",
     "kl nr s st", "m.m osv etc m.fl jan feb mar apr jun jul aug sep sept okt nov dec", "osv etc",
     "Den Det De En Ett Han Hon Vi Jag Du Ni Man Men Och Eller Om När Så Sedan Då I På Med För "
     "Av Till Efter Före Idag Hans Hennes Deras Vår Vårt Min Mitt Inte Ingen Också Därför Dock",
     "januari februari mars april maj juni juli augusti september oktober november december", false,
     false},
    {"nb", "hr fr dr prof bl.a f.eks d.v.s dvs pga p.g.a ca jf evt inkl", "nr s kl",
     "osv m.m mv etc jan feb mar apr jun jul aug sep sept okt nov des", "osv etc",
     "Den Det De En Et Han Hun Vi Jeg Du Dere Man Men Og Eller Hvis Når Så Deretter I På Med "
     "For Av Til Etter Før Hans Hennes Deres Vår Vårt Min Mitt Ikke Ingen Også Derfor",
     "januar februar mars april mai juni juli august september oktober november desember", true,
     false},
    {"fi", "esim ns ts mm jne prof tri ks vrt", "nro s kl",
     "jne yms ym tms tam helmik maalisk huhtik toukok kesäk heinäk elok syysk lokak marrask "
     "jouluk",
     "jne etc",
     "Se Ne Hän He Me Minä Sinä Te Tämä Tuo Nämä Mutta Ja Tai Jos Kun Sitten Nyt Myös Siksi "
     "Kuitenkin",
     "tammikuuta helmikuuta maaliskuuta huhtikuuta toukokuuta kesäkuuta heinäkuuta elokuuta "
     "syyskuuta lokakuuta marraskuuta joulukuuta",
     true, false},
    {"cs", "např tzv tj resp apod atd mj př pí p Ing Mgr Bc doc prof MUDr JUDr PhDr RNDr",
     "č s str odst", "atd apod tis mil mld led ún bř dub kvě čvn čvc srp zář říj lis pro",
     "atd apod etc",
     "Ten Ta To Ty On Ona Ono Oni My Já Vy Ale A Nebo Když Pak Potom Dnes Také Proto Však",
     "ledna února března dubna května června července srpna září října listopadu prosince", true,
     false},
    {"ja", "", "", "", "", "", "", false, true},
};

// Splits `list` at spaces into string_views of the (static) list.
template <typename Callback>
void for_each_word(const char* list, Callback&& callback) {
  const std::string_view all(list);
  std::size_t i = 0;
  while (i < all.size()) {
    while (i < all.size() && all[i] == ' ') ++i;
    std::size_t j = i;
    while (j < all.size() && all[j] != ' ') ++j;
    if (j > i) callback(all.substr(i, j - i));
    i = j;
  }
}

void add_abbreviations(LanguageRules& rules, const char* list, Abbreviation kind) {
  // A word listed in more than one class keeps its first (more specific) class.
  for_each_word(list, [&](std::string_view word) {
    rules.abbreviations.emplace(word, kind);
    rules.abbreviation_buckets.set(abbreviation_bucket(word));
  });
}

LanguageRules build(const LanguageData& data) {
  LanguageRules rules;
  rules.language = data.language;
  rules.ordinal_dot = data.ordinal_dot;
  rules.quotative = data.quotative;
  add_abbreviations(rules, data.always, Abbreviation::kAlways);
  add_abbreviations(rules, data.numeric, Abbreviation::kNumeric);
  add_abbreviations(rules, data.final, Abbreviation::kFinal);
  add_abbreviations(rules, data.common, Abbreviation::kCommon);
  add_abbreviations(rules, kGeneric.always, Abbreviation::kAlways);
  add_abbreviations(rules, kGeneric.numeric, Abbreviation::kNumeric);
  add_abbreviations(rules, kGeneric.final, Abbreviation::kFinal);
  add_abbreviations(rules, kGeneric.common, Abbreviation::kCommon);
  for_each_word(data.starters, [&](std::string_view word) { rules.starters.insert(word); });
  for_each_word(data.months, [&](std::string_view word) { rules.months.insert(word); });
  return rules;
}

}  // namespace

const LanguageRules& rules_for(std::string_view language) {
  // Built on first use, then read-only: safe to share between threads.
  static const std::map<std::string, LanguageRules, std::less<>> all = [] {
    std::map<std::string, LanguageRules, std::less<>> map;
    for (const LanguageData& data : kLanguages) map.emplace(data.language, build(data));
    // No tag, or a language without its own lists: the generic lists plus English starters.
    LanguageData generic = kGeneric;
    generic.starters = kLanguages[0].starters;
    map.emplace("", build(generic));
    map.emplace("no", map.at("nb"));
    map.at("no").language = "no";
    // Languages without lists of their own that write ordinal numbers with a full stop.
    for (const char* language : {"sk", "sl", "hr", "sr", "bs", "hu", "tr", "is", "et", "lv"}) {
      LanguageRules rules = build(generic);
      rules.language = language;
      rules.ordinal_dot = true;
      map.emplace(language, std::move(rules));
    }
    return map;
  }();
  const auto it = all.find(language);
  return it != all.end() ? it->second : all.find("")->second;
}

}  // namespace tralign::rules
