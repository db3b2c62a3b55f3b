// Downloads page: the logger's CSV files by day, month or range, per source, in Excel French or
// plain CSV. The page only builds links to the /wes/logs routes; the logger converts on the way out.
import { colours, page, template, uiGroup, vue } from '../builders.mjs';

export function downloads(f) {
  page(f, 'page-downloads', f.t({ fr: 'Téléchargements', en: 'Downloads' }), '/downloads', 'download', 10);
  uiGroup(f, 'ui-downloads', f.t({ fr: 'Fichiers CSV', en: 'CSV files' }), 'page-downloads', 6, 1);
  f.comment(
    'c-dl',
    1400,
    4700,
    f.t({ fr: 'Page Téléchargements : les fichiers CSV du logger', en: "Downloads page: the logger's CSV files" }),
    f.t({
      fr:
        'Le modèle interroge /wes/logs/<logger> pour les sources et les jours enregistrés, et construit les liens ' +
        '/wes/logs/<logger>/<source>/day|month|range avec dialect=excel-fr|standard et columns=readable|all. Le logger ' +
        're-écrit le fichier dans le format choisi au moment du téléchargement ; ses fichiers ne sont jamais réécrits.',
      en:
        'The template asks /wes/logs/<logger> for the sources and the recorded days, and builds the links ' +
        '/wes/logs/<logger>/<source>/day|month|range with dialect=excel-fr|standard and columns=readable|all. The logger ' +
        'writes the download in the chosen format as it sends it; its files are never rewritten.',
    }),
  );
  template(
    f,
    'downloads',
    1420,
    4760,
    'ui-downloads',
    1,
    f.t({ fr: 'téléchargements', en: 'downloads' }),
    vue('downloads', f.lang).split('__LOGGER__').join(f.id('logger')),
  );
  f.group('g-dl', f.t({ fr: 'Page Téléchargements', en: 'Downloads page' }), ['c-dl', 'downloads'], colours.logging);
}
