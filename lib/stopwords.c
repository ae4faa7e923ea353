/*
 * stopwords.c - the common function words of each language the analyse
 * stage flags (PX_TOKF_STOP): en, de, fr, es, it, pt, nl, pl, tr, ar, ru,
 * sv, da, no, fi.
 *
 * Each list holds words in their matching form (case folded, so German
 * "dass" not "daß"; apostrophe forms such as "l'" and "don't" with the
 * ASCII apostrophe px_fold produces), sorted by bytes, searched in two
 * binary steps: the language, then the word. Static const data only.
 */
#include "internal.h"

#include <string.h>

/* generated from word lists written by hand; sorted by bytes */
static const char *const stop_ar[] = {
    "أن", "أو", "أي", "أيضا", "إذا", "إلى", "إن", "اذا",
    "التي", "الذي", "الذين", "الى", "ان", "او",
    "ايضا", "بعد", "به", "بها", "بين", "تلك", "ثم",
    "حتى", "حيث", "خلال", "ذلك", "ضد", "على", "عليه",
    "عليها", "عن", "عند", "غير", "فقط", "في", "فيه",
    "فيها", "قبل", "قد", "كان", "كانت", "كل", "كما",
    "لا", "لكن", "لم", "لن", "له", "لها", "ما", "مع",
    "من", "منذ", "منه", "منها", "نحو", "هذا", "هذه",
    "هم", "هو", "هي", "وفي", "وقد", "ومن", "وهو", "وهي",
    "يكون",
};
static const char *const stop_da[] = {
    "af", "alle", "andet", "andre", "at", "blev", "blive", "bliver", "da",
    "de", "dem", "den", "denne", "der", "deres", "det", "dette", "dig", "din",
    "dine", "disse", "dog", "du", "efter", "eller", "en", "end", "er", "et",
    "for", "fra", "ham", "han", "hans", "har", "havde", "have", "hende",
    "hendes", "her", "hos", "hun", "hvad", "hvis", "hvor", "i", "ikke", "ind",
    "jeg", "jer", "jo", "kan", "kunne", "man", "mange", "med", "meget", "men",
    "mig", "min", "mine", "mit", "mod", "ned", "noget", "nogle", "nu", "når",
    "og", "også", "om", "op", "os", "over", "på", "selv", "sig", "sin",
    "sine", "sit", "skal", "skulle", "som", "sådan", "thi", "til", "ud",
    "under", "var", "vi", "vil", "ville", "vor", "være", "været",
};
static const char *const stop_de[] = {
    "aber", "alle", "allem", "allen", "aller", "alles", "als", "also", "am",
    "an", "ander", "andere", "anderem", "anderen", "anderer", "anderes",
    "auch", "auf", "aus", "bei", "beim", "bereits", "bin", "bis", "bist",
    "da", "dabei", "dadurch", "dafür", "dagegen", "daher", "damit", "dann",
    "dar", "daran", "darauf", "darin", "darum", "das", "dass", "dasselbe",
    "davon", "dazu", "dein", "deine", "deinem", "deinen", "deiner", "dem",
    "demselben", "den", "denn", "denselben", "der", "derer", "derselbe",
    "derselben", "des", "desselben", "dessen", "dich", "die", "dies", "diese",
    "dieselbe", "dieselben", "diesem", "diesen", "dieser", "dieses", "dir",
    "doch", "dort", "du", "durch", "ein", "eine", "einem", "einen", "einer",
    "eines", "einig", "einige", "einigem", "einigen", "einiger", "einiges",
    "einmal", "er", "es", "etwa", "etwas", "euch", "euer", "eure", "eurem",
    "euren", "eurer", "für", "gegen", "gewesen", "hab", "habe", "haben",
    "hat", "hatte", "hatten", "hier", "hin", "hinter", "ich", "ihm", "ihn",
    "ihnen", "ihr", "ihre", "ihrem", "ihren", "ihrer", "ihres", "im", "in",
    "indem", "ins", "ist", "jede", "jedem", "jeden", "jeder", "jedes",
    "jedoch", "jene", "jenem", "jenen", "jener", "jenes", "jetzt", "kann",
    "kein", "keine", "keinem", "keinen", "keiner", "keines", "können",
    "könnte", "man", "manche", "manchem", "manchen", "mancher", "manches",
    "mehr", "mein", "meine", "meinem", "meinen", "meiner", "meines", "mich",
    "mir", "mit", "muss", "musste", "nach", "nachdem", "nicht", "nichts",
    "noch", "nun", "nur", "ob", "oder", "ohne", "schon", "sehr", "sein",
    "seine", "seinem", "seinen", "seiner", "seines", "seit", "selbst", "sich",
    "sie", "sind", "so", "sodass", "solche", "solchem", "solchen", "solcher",
    "solches", "soll", "sollte", "sondern", "sowie", "um", "und", "uns",
    "unser", "unsere", "unserem", "unseren", "unserer", "unter", "viel",
    "vom", "von", "vor", "wann", "war", "waren", "warum", "was", "weil",
    "welche", "welchem", "welchen", "welcher", "welches", "wenn", "wer",
    "werde", "werden", "wie", "wieder", "will", "wir", "wird", "wo", "wollen",
    "wollte", "worden", "wurde", "wurden", "zu", "zum", "zur", "zwar",
    "zwischen", "über",
};
static const char *const stop_en[] = {
    "a", "about", "above", "after", "again", "against", "all", "almost",
    "also", "although", "am", "among", "an", "and", "another", "any", "are",
    "aren't", "around", "as", "at", "back", "be", "because", "been", "before",
    "being", "below", "between", "both", "but", "by", "can", "can't",
    "cannot", "could", "couldn't", "did", "didn't", "do", "does", "doesn't",
    "doing", "don't", "down", "during", "each", "either", "else", "even",
    "ever", "every", "few", "for", "from", "further", "had", "hadn't", "has",
    "hasn't", "have", "haven't", "having", "he", "he'd", "he'll", "he's",
    "her", "here", "here's", "hers", "herself", "him", "himself", "his",
    "how", "how's", "however", "i", "i'd", "i'll", "i'm", "i've", "if", "in",
    "into", "is", "isn't", "it", "it's", "its", "itself", "just", "let's",
    "may", "me", "might", "more", "most", "much", "must", "mustn't", "my",
    "myself", "neither", "no", "nor", "not", "now", "of", "off", "often",
    "on", "once", "one", "only", "or", "other", "others", "ought", "our",
    "ours", "ourselves", "out", "over", "own", "per", "rather", "said",
    "same", "say", "says", "shall", "shan't", "she", "she'd", "she'll",
    "she's", "should", "shouldn't", "since", "so", "some", "such", "than",
    "that", "that's", "the", "their", "theirs", "them", "themselves", "then",
    "there", "there's", "these", "they", "they'd", "they'll", "they're",
    "they've", "this", "those", "though", "through", "thus", "to", "too",
    "under", "until", "up", "upon", "us", "very", "was", "wasn't", "we",
    "we'd", "we'll", "we're", "we've", "were", "weren't", "what", "what's",
    "when", "when's", "where", "where's", "whether", "which", "while", "who",
    "who's", "whom", "whose", "why", "why's", "will", "with", "within",
    "without", "won't", "would", "wouldn't", "yet", "you", "you'd", "you'll",
    "you're", "you've", "your", "yours", "yourself", "yourselves",
};
static const char *const stop_es[] = {
    "a", "al", "algo", "alguna", "algunas", "alguno", "algunos", "algún",
    "ante", "antes", "aquel", "aquella", "aquellas", "aquellos", "aquí",
    "así", "aun", "aunque", "cada", "como", "con", "contra", "cual",
    "cuales", "cuando", "cuyo", "de", "del", "desde", "donde", "dos",
    "durante", "e", "el", "ella", "ellas", "ellos", "en", "entre", "era",
    "eran", "es", "esa", "esas", "ese", "eso", "esos", "esta", "estaba",
    "estaban", "estar", "estas", "este", "esto", "estos", "está", "están",
    "fue", "fueron", "ha", "había", "habían", "han", "hasta", "hay", "la",
    "las", "le", "les", "lo", "los", "me", "mi", "mientras", "mis", "mismo",
    "muy", "más", "nada", "ni", "no", "nos", "nosotros", "o", "otra",
    "otras", "otro", "otros", "para", "pero", "poco", "por", "porque", "pues",
    "que", "quien", "quienes", "qué", "se", "sea", "según", "ser", "si",
    "sido", "sin", "sino", "sobre", "son", "su", "sus", "sí", "también",
    "tan", "tanto", "te", "tiene", "tienen", "todo", "todos", "tras", "tu",
    "tú", "un", "una", "unas", "uno", "unos", "y", "ya", "yo", "él",
};
static const char *const stop_fi[] = {
    "ei", "eivät", "emme", "en", "et", "ette", "että", "he", "hän",
    "häneen", "hänen", "hänet", "häntä", "ja", "jo", "joka", "jolla",
    "jonka", "jos", "jota", "jotka", "kanssa", "koska", "kuin", "kuka", "kun",
    "me", "meidän", "miksi", "mikä", "minun", "minä", "mitä", "mukaan",
    "mutta", "muun", "myös", "ne", "niin", "nyt", "näin", "olen", "oli",
    "olivat", "olla", "on", "ovat", "se", "sekä", "sen", "siis", "siitä",
    "sillä", "sinä", "sitten", "sitä", "tai", "tämä", "tämän",
    "tässä", "vaan", "vai", "vain", "voi", "yli",
};
static const char *const stop_fr[] = {
    "afin", "ai", "aie", "aient", "ainsi", "alors", "après", "as", "au",
    "aucun", "aucune", "aujourd'hui", "auprès", "aura", "aurait", "aussi",
    "autre", "autres", "aux", "avaient", "avait", "avant", "avec", "avoir",
    "c", "c'", "car", "ce", "ceci", "cela", "celle", "celles", "celui",
    "cependant", "ces", "cet", "cette", "ceux", "chaque", "chez", "comme",
    "comment", "d", "d'", "dans", "de", "depuis", "des", "donc", "dont", "du",
    "elle", "elles", "en", "encore", "entre", "es", "est", "et", "eu", "eux",
    "faire", "fait", "font", "il", "ils", "j", "j'", "je", "jusqu", "jusqu'",
    "l", "l'", "la", "le", "les", "leur", "leurs", "lors", "lorsque", "lui",
    "m", "m'", "ma", "mais", "me", "mes", "moi", "mon", "même", "mêmes",
    "n", "n'", "ne", "ni", "nos", "notre", "nous", "on", "ont", "ou", "où",
    "par", "parce", "pas", "pendant", "peu", "peut", "plus", "plusieurs",
    "pour", "pourquoi", "qu", "qu'", "quand", "que", "quel", "quelle",
    "quelles", "quels", "qui", "quoi", "s", "s'", "sa", "sans", "se", "selon",
    "ses", "seulement", "si", "sien", "soi", "soit", "son", "sont", "sous",
    "sur", "t", "t'", "ta", "te", "tes", "toi", "ton", "tous", "tout",
    "toute", "toutes", "très", "tu", "un", "une", "vers", "via", "vos",
    "votre", "vous", "y", "à", "ça", "étaient", "était", "été", "être",
};
static const char *const stop_it[] = {
    "a", "abbiamo", "ad", "agli", "ai", "al", "alla", "alle", "allo", "anche",
    "ancora", "avere", "aveva", "avevano", "c'", "che", "chi", "ci", "come",
    "con", "contro", "cui", "da", "dagli", "dai", "dal", "dall'", "dalla",
    "dalle", "dallo", "degli", "dei", "del", "dell'", "della", "delle",
    "dello", "di", "dopo", "dove", "e", "ed", "essere", "fra", "gli", "ha",
    "hanno", "ho", "i", "il", "in", "io", "l'", "la", "le", "lei", "li", "lo",
    "loro", "lui", "ma", "mai", "me", "mentre", "mi", "mio", "molto", "ne",
    "negli", "nei", "nel", "nell'", "nella", "nelle", "nello", "no", "noi",
    "non", "nostro", "o", "ogni", "per", "perché", "più", "po'", "poi",
    "prima", "proprio", "può", "qual", "quale", "quando", "quanto", "quella",
    "quelle", "quelli", "quello", "questa", "queste", "questi", "questo",
    "se", "sei", "senza", "si", "sia", "siamo", "sono", "stata", "stato",
    "su", "sua", "sue", "sugli", "sui", "sul", "sull'", "sulla", "sulle",
    "suo", "suoi", "tra", "tutti", "tutto", "un", "un'", "una", "uno", "vi",
    "voi", "è",
};
static const char *const stop_nl[] = {
    "aan", "al", "alle", "alleen", "als", "andere", "bij", "dan", "dat", "de",
    "deze", "die", "dit", "door", "dus", "een", "eens", "en", "er", "ge",
    "geen", "geweest", "haar", "had", "heb", "hebben", "heeft", "hem", "het",
    "hier", "hij", "hoe", "hun", "iets", "ik", "in", "is", "ja", "je", "kan",
    "kon", "kunnen", "maar", "me", "meer", "men", "met", "mij", "mijn",
    "moet", "na", "naar", "niet", "niets", "nog", "nu", "of", "om", "omdat",
    "onder", "ons", "ook", "op", "over", "reeds", "te", "tegen", "toch",
    "toen", "tot", "u", "uit", "uw", "van", "veel", "voor", "want", "waren",
    "was", "wat", "we", "wel", "werd", "wie", "wij", "wil", "worden", "wordt",
    "zal", "ze", "zei", "zelf", "zich", "zij", "zijn", "zo", "zonder", "zou",
};
static const char *const stop_no[] = {
    "alle", "at", "av", "bare", "begge", "ble", "bli", "blir", "blitt",
    "både", "da", "de", "deg", "dei", "deim", "deira", "deires", "dem",
    "den", "denne", "der", "dere", "deres", "det", "dette", "di", "din",
    "disse", "ditt", "du", "dykk", "eg", "ein", "eit", "eitt", "eller",
    "elles", "en", "enn", "er", "et", "ett", "etter", "for", "fordi", "fra",
    "før", "ha", "hadde", "han", "hans", "har", "hennar", "henne", "hennes",
    "her", "hjå", "ho", "hoe", "honom", "hoss", "hossen", "hun", "hva",
    "hvem", "hver", "hvilke", "hvilken", "hvis", "hvor", "hvordan", "hvorfor",
    "i", "ikke", "ikkje", "ingen", "ingi", "inkje", "inn", "inni", "ja",
    "jeg", "kan", "kom", "korleis", "kun", "kunne", "kva", "kvar", "man",
    "mange", "me", "med", "medan", "meg", "meget", "mellom", "men", "mi",
    "min", "mine", "mitt", "mot", "mykje", "ned", "no", "noe", "noen",
    "nokon", "nå", "når", "og", "også", "om", "opp", "oss", "over", "på",
    "samme", "seg", "selv", "si", "sia", "sidan", "siden", "sin", "sine",
    "sitt", "skal", "skulle", "slik", "so", "som", "så", "sånn", "til",
    "um", "upp", "ut", "uten", "var", "vart", "varte", "ved", "vere", "verte",
    "vi", "vil", "ville", "vore", "være", "vært", "å",
};
static const char *const stop_pl[] = {
    "a", "aby", "ale", "bardzo", "bez", "bo", "by", "byli", "być", "był",
    "była", "było", "ci", "co", "czy", "dla", "dlatego", "do", "gdy",
    "gdyż", "gdzie", "go", "i", "ich", "im", "innych", "jak", "jakie",
    "jako", "jednak", "jego", "jej", "jest", "jeszcze", "jeśli", "już",
    "ją", "kiedy", "kto", "która", "które", "którego", "której",
    "który", "których", "ma", "mają", "mi", "może", "można", "mu", "na",
    "nad", "nam", "nas", "nich", "nie", "nim", "niż", "o", "od", "oraz",
    "po", "pod", "ponieważ", "przed", "przez", "przy", "się", "są", "ta",
    "tak", "także", "tam", "te", "tego", "tej", "ten", "też", "to", "tu",
    "tylko", "tym", "u", "w", "we", "według", "więc", "wszystko", "z", "za",
    "ze", "że", "żeby",
};
static const char *const stop_pt[] = {
    "a", "ao", "aos", "aquela", "aquelas", "aquele", "aqueles", "aquilo",
    "as", "até", "com", "como", "contra", "da", "das", "de", "dela", "dele",
    "deles", "depois", "do", "dos", "e", "ela", "elas", "ele", "eles", "em",
    "entre", "era", "eram", "essa", "essas", "esse", "esses", "esta", "estas",
    "este", "estes", "está", "estão", "eu", "foi", "foram", "há", "isso",
    "isto", "já", "la", "lhe", "lhes", "mais", "mas", "me", "mesmo", "meu",
    "minha", "muito", "na", "nas", "nem", "no", "nos", "não", "nós", "o",
    "os", "ou", "para", "pela", "pelas", "pelo", "pelos", "por", "porque",
    "qual", "quando", "que", "quem", "se", "sem", "ser", "seu", "seus",
    "sobre", "sua", "suas", "só", "também", "te", "tem", "teu", "tu", "tua",
    "têm", "um", "uma", "umas", "uns", "você", "vocês", "é",
};
static const char *const stop_ru[] = {
    "а", "без", "более", "бы", "был", "была", "были",
    "было", "быть", "в", "вам", "вас", "весь", "во",
    "вот", "все", "всего", "всех", "вы", "где", "да",
    "даже", "для", "до", "его", "ее", "ей", "если",
    "есть", "еще", "ж", "же", "за", "здесь", "и", "из",
    "или", "им", "их", "к", "как", "ко", "когда", "кто",
    "ли", "либо", "мне", "может", "мы", "на", "над",
    "надо", "наш", "не", "него", "нее", "нет", "ни",
    "них", "но", "ну", "о", "об", "однако", "он", "она",
    "они", "оно", "от", "очень", "по", "под", "после",
    "при", "с", "со", "так", "также", "такой", "там",
    "те", "тем", "то", "того", "тоже", "той",
    "только", "том", "ты", "у", "уже", "хотя", "чего",
    "чей", "чем", "что", "чтобы", "эта", "эти", "это",
    "я",
};
static const char *const stop_sv[] = {
    "alla", "allt", "att", "av", "bara", "blev", "bli", "blir", "dem", "den",
    "denna", "deras", "dess", "det", "detta", "dig", "din", "dina", "ditt",
    "du", "där", "efter", "ej", "eller", "en", "er", "era", "ert", "ett",
    "från", "för", "ha", "hade", "han", "hans", "har", "henne", "hennes",
    "hon", "honom", "hur", "här", "i", "icke", "ingen", "inom", "inte",
    "jag", "ju", "kan", "kunde", "man", "med", "mellan", "men", "mig", "min",
    "mina", "mitt", "mot", "mycket", "ni", "nu", "när", "någon", "något",
    "några", "och", "om", "oss", "på", "samma", "sedan", "sig", "sin",
    "sina", "sitt", "själv", "skulle", "som", "så", "sådan", "till",
    "under", "upp", "ut", "utan", "vad", "var", "vara", "varför", "varit",
    "vars", "vem", "vi", "vid", "vilka", "vilken", "vilket", "vår", "våra",
    "vårt", "än", "är", "åt", "över",
};
static const char *const stop_tr[] = {
    "ama", "ancak", "bana", "bazı", "belki", "ben", "beni", "benim", "bile",
    "bir", "biri", "birkaç", "birçok", "biz", "bize", "bizim", "bu", "buna",
    "bunu", "bunun", "böyle", "da", "daha", "de", "değil", "diye", "diğer",
    "en", "gibi", "hem", "hep", "her", "hiç", "ile", "ise", "için", "işte",
    "ki", "kim", "mi", "mu", "mü", "mı", "nasıl", "ne", "neden", "o",
    "olan", "olarak", "oldu", "olduğu", "olduğunu", "olmak", "olması",
    "olur", "ona", "onlar", "onu", "onun", "sadece", "sen", "siz", "tüm",
    "ve", "veya", "ya", "yani", "çok", "çünkü", "şey", "şimdi", "şu",
};

static const struct stoplist {
    const char *lang;
    const char *const *words;
    size_t n;
} stoplists[] = {
    {"ar", stop_ar, sizeof stop_ar / sizeof *stop_ar},
    {"da", stop_da, sizeof stop_da / sizeof *stop_da},
    {"de", stop_de, sizeof stop_de / sizeof *stop_de},
    {"en", stop_en, sizeof stop_en / sizeof *stop_en},
    {"es", stop_es, sizeof stop_es / sizeof *stop_es},
    {"fi", stop_fi, sizeof stop_fi / sizeof *stop_fi},
    {"fr", stop_fr, sizeof stop_fr / sizeof *stop_fr},
    {"it", stop_it, sizeof stop_it / sizeof *stop_it},
    {"nl", stop_nl, sizeof stop_nl / sizeof *stop_nl},
    {"no", stop_no, sizeof stop_no / sizeof *stop_no},
    {"pl", stop_pl, sizeof stop_pl / sizeof *stop_pl},
    {"pt", stop_pt, sizeof stop_pt / sizeof *stop_pt},
    {"ru", stop_ru, sizeof stop_ru / sizeof *stop_ru},
    {"sv", stop_sv, sizeof stop_sv / sizeof *stop_sv},
    {"tr", stop_tr, sizeof stop_tr / sizeof *stop_tr},
};

/* Compare w[0..len) with the NUL-terminated s as bytes, like strcmp,
 * without measuring s first. */
static int cmp_word(const char *w, size_t len, const char *s)
{
    for (size_t i = 0; i < len; i++) {
        unsigned char a = (unsigned char)w[i], b = (unsigned char)s[i];
        if (a != b) return b == 0 ? 1 : a < b ? -1 : 1;
    }
    return s[len] ? -1 : 0;
}

/* Is the folded word w[0..len) a stopword of lang? False for languages
 * without a list ("und", "zh", ...) and for NULL lang. Norwegian nb/nn use
 * the "no" list. */
bool px_is_stopword(const char *lang, const char *w, size_t len)
{
    if (!lang || !w || len == 0 || len > 32 || !lang[0] || !lang[1] || lang[2]) return false;
    if (lang[0] == 'n' && (lang[1] == 'b' || lang[1] == 'n')) lang = "no";
    const struct stoplist *sl = NULL;
    for (size_t i = 0; i < sizeof stoplists / sizeof *stoplists; i++)
        if (stoplists[i].lang[0] == lang[0] && stoplists[i].lang[1] == lang[1]) {
            sl = &stoplists[i];
            break;
        }
    if (!sl) return false;
    size_t lo = 0, hi = sl->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = cmp_word(w, len, sl->words[mid]);
        if (c == 0) return true;
        if (c < 0) hi = mid; else lo = mid + 1;
    }
    return false;
}
