/**
 * Person names, by heuristic: names have no format, so this looks for what most name columns
 * share and most other text lacks.
 *
 * - `capitalised`: two or three capitalised words, optionally with a middle initial and the usual
 *   particles (`Ada Lovelace`, `Jean-Luc de la Tour`, `Smith, John`). Product names look the same
 *   (`Scented Candle`), so alone this is weak evidence.
 * - `given`: the first word (or the word after the comma in `Smith, John`) is a common given name
 *   from a short built-in list, or the value is 2–4 Han / Hangul characters starting with a common
 *   surname (`王小明`, `김민준`). That is what separates `Emma Weber` from `Scented Candle`.
 * The lists are deliberately small (common names across Western Europe and the Americas; the most
 * frequent Chinese and Korean surnames): a column of names has many hits even with a partial list.
 */

const GIVEN = new Set(
  `
  james john robert michael william david richard joseph thomas charles christopher daniel matthew anthony mark
  donald steven paul andrew joshua kenneth kevin brian george timothy ronald edward jason jeffrey ryan jacob gary
  nicholas eric jonathan stephen larry justin scott brandon benjamin samuel gregory alexander frank patrick raymond
  jack dennis jerry tyler aaron jose adam nathan henry peter zachary douglas harold kyle noah carl arthur gerald
  roger keith jeremy terry lawrence sean christian albert joe ethan austin jesse willie billy bryan bruce jordan
  ralph roy alan wayne eugene juan gabriel louis russell randy vincent philip logan bobby harry johnny oliver leo
  mary patricia jennifer linda elizabeth barbara susan jessica sarah karen lisa nancy betty margaret sandra ashley
  kimberly emily donna michelle carol amanda dorothy melissa deborah stephanie rebecca sharon laura cynthia kathleen
  amy angela shirley anna brenda pamela emma nicole helen samantha katherine christine debra rachel carolyn janet
  catherine maria heather diane ruth julie olivia joyce virginia victoria kelly lauren christina joan evelyn judith
  megan andrea cheryl hannah jacqueline martha gloria teresa ann sara madison frances kathryn janice jean abigail
  alice judy sophia grace denise amber doris marilyn danielle beverly isabella theresa diana natalie brittany
  charlotte marie kayla alexis lori ada mia chloe lucy ella amelia isla ava freya
  hans peter klaus jürgen juergen wolfgang michael thomas andreas stefan frank uwe bernd markus lukas felix jonas
  leon finn paul max elias ben luis anna lena lea laura julia sophie marie hannah mia emilia lina katharina petra
  sabine monika ursula birgit claudia andrea susanne heike jan niklas tim tobias sebastian florian moritz jens
  jean pierre michel philippe alain nicolas christophe françois francois laurent julien antoine mathieu olivier
  camille manon chloé chloe léa lea inès ines juliette louise sophie nathalie isabelle sylvie céline celine
  antonio manuel josé jose francisco javier carlos miguel alejandro pablo sergio jorge luis fernando diego juan
  carmen lucía lucia sofía sofia martina valentina isabel pilar rosa elena ana laura marta paula
  giuseppe giovanni marco luca matteo alessandro francesco andrea lorenzo davide giulia chiara francesca sara
  daan sem lars bram thijs ruben sanne emma lotte fleur anouk
  erik lars anders johan karl nils oskar ingrid astrid karin sigrid elin maja
  joão joao pedro rafael lucas gabriel ana beatriz mariana
  mohammed muhammad ahmed ali omar fatima aisha hassan yusuf
  wei ming li hui jun yan hong lei jing ying hiroshi yuki kenji haruto sakura ji min seo
`
    .split(/\s+/)
    .filter(Boolean),
);

const HAN_SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const HANGUL_SURNAMES = '김이박최정강조윤장임한오서신권황안송류홍';
const CJK_NAME = new RegExp(
  `^(?:(?:欧阳|司马|诸葛|上官|东方|皇甫|令狐)\\p{Script=Han}{1,2}|[${HAN_SURNAMES}]\\p{Script=Han}{1,2}|[${HANGUL_SURNAMES}][\\uAC00-\\uD7A3]{1,3})$`,
  'u',
);

/** A capitalised word, allowing O'Brien, McDonald, Jean-Luc, Zoë; not all capitals (`USB`). */
const WORD = "\\p{Lu}[\\p{L}'’]*\\p{Ll}[\\p{L}'’]*(?:-\\p{Lu}[\\p{L}'’]*\\p{Ll}[\\p{L}'’]*)?";
const PARTICLE = '(?:van|von|de|der|den|da|di|del|della|du|la|le|al|bin|ibn|ten|ter|y|e)';
const WESTERN = new RegExp(`^(${WORD})(?:\\s+\\p{Lu}\\.)?(?:\\s+(?:${PARTICLE}\\s+){0,2}${WORD}){1,2}$`, 'u');
const SURNAME_FIRST = new RegExp(`^${WORD}(?:[\\s-]${WORD})?,\\s*(${WORD})(?:\\s+\\p{Lu}\\.?)?$`, 'u');

export interface NameEvidence {
  capitalised: boolean;
  given: boolean;
}

const isGiven = (word: string) => GIVEN.has(word.toLowerCase()) || GIVEN.has(word.split('-')[0]!.toLowerCase());

export function personNameEvidence(s: string): NameEvidence {
  if (s.length > 80) return { capitalised: false, given: false };
  if (CJK_NAME.test(s)) return { capitalised: true, given: true };
  const western = WESTERN.exec(s);
  if (western) return { capitalised: true, given: isGiven(western[1]!) };
  const inverted = SURNAME_FIRST.exec(s);
  if (inverted) return { capitalised: true, given: isGiven(inverted[1]!) };
  return { capitalised: false, given: false };
}
