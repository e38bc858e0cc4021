// `npm run lookahead-analysis -- --strategy NAME [--timerange …] [--pairs …] [--datadir DIR | --db-url URL]`
import { main } from './analysis.ts';

await main('lookahead');
