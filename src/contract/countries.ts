/**
 * The officially assigned codes of ISO 3166-1 alpha-3 (249 countries and territories), as a foreign
 * resident's nationality and a passport's issuing state are recorded. Pure data, shared with the console.
 */
export const ISO_3166_ALPHA3 = new Set(
  (
    'ABW AFG AGO AIA ALA ALB AND ARE ARG ARM ASM ATA ATF ATG AUS AUT AZE BDI BEL BEN BES BFA BGD BGR BHR BHS BIH BLM BLR BLZ BMU BOL BRA ' +
    'BRB BRN BTN BVT BWA CAF CAN CCK CHE CHL CHN CIV CMR COD COG COK COL COM CPV CRI CUB CUW CXR CYM CYP CZE DEU DJI DMA DNK DOM DZA ECU ' +
    'EGY ERI ESH ESP EST ETH FIN FJI FLK FRA FRO FSM GAB GBR GEO GGY GHA GIB GIN GLP GMB GNB GNQ GRC GRD GRL GTM GUF GUM GUY HKG HMD HND ' +
    'HRV HTI HUN IDN IMN IND IOT IRL IRN IRQ ISL ISR ITA JAM JEY JOR JPN KAZ KEN KGZ KHM KIR KNA KOR KWT LAO LBN LBR LBY LCA LIE LKA LSO ' +
    'LTU LUX LVA MAC MAF MAR MCO MDA MDG MDV MEX MHL MKD MLI MLT MMR MNE MNG MNP MOZ MRT MSR MTQ MUS MWI MYS MYT NAM NCL NER NFK NGA NIC ' +
    'NIU NLD NOR NPL NRU NZL OMN PAK PAN PCN PER PHL PLW PNG POL PRI PRK PRT PRY PSE PYF QAT REU ROU RUS RWA SAU SDN SEN SGP SGS SHN SJM ' +
    'SLB SLE SLV SMR SOM SPM SRB SSD STP SUR SVK SVN SWE SWZ SXM SYC SYR TCA TCD TGO THA TJK TKL TKM TLS TON TTO TUN TUR TUV TWN TZA UGA ' +
    'UKR UMI URY USA UZB VAT VCT VEN VGB VIR VNM VUT WLF WSM YEM ZAF ZMB ZWE'
  ).split(' '),
);

/** Whether `code` is an officially assigned ISO 3166-1 alpha-3 code (`SEN`, `FRA`). */
export function isIsoAlpha3(code: string): boolean {
  return ISO_3166_ALPHA3.has(code);
}

/**
 * The code an MRZ carries for a nationality or issuing state (ICAO Doc 9303 Part 3, section 5): the ISO
 * code, except Germany, which ICAO writes `D`.
 */
export function icaoStateCode(iso: string): string {
  return iso === 'DEU' ? 'D' : iso;
}
