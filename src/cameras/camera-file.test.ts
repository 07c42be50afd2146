import { describe, expect, it } from 'vitest';
import type { NewCamera } from './camera.js';
import { parseCsv, readCameraCsv, readCameraGeoJson, writeCameraCsv, writeCameraGeoJson } from './camera-file.js';

const full: NewCamera = {
  id: 'CAM-0001',
  name: 'Place, "Mohammed V"',
  location: { lat: 33.5951, lon: -7.6187 },
  heightM: 6,
  headingDeg: 350,
  fovDeg: 60,
  rangeM: 150,
  ptz: true,
  presets: [{ name: 'fountain', headingDeg: 10, zoom: 2 }, { name: 'avenue', headingDeg: 200 }],
  streamMain: 'rtsp://viewer:s3cret@10.0.0.5:554/main',
  streamHls: 'https://media.example/cam1/index.m3u8',
  device: 'ptz-ctl-1',
  owner: 'Ville de Casablanca',
  status: 'online',
};

describe('camera files', () => {
  it('reads quoted cells with commas, doubled quotes and line breaks, keeping the line each record starts on', () => {
    expect(parseCsv('a,b\r\n"x, y","say ""hi""\nthere"\n3,4')).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 2, cells: ['x, y', 'say "hi"\nthere'] },
      { line: 4, cells: ['3', '4'] },
    ]);
  });

  it('writes CSV and GeoJSON that read back to the same cameras', () => {
    const csv = readCameraCsv(writeCameraCsv([full, { id: 'CAM-0002', name: 'Quiet', location: { lat: 33.5, lon: -7.6 }, headingDeg: 0, fovDeg: 90, rangeM: 80 }]));
    expect(csv.problems).toEqual([]);
    expect(csv.records.map((r) => r.value)).toEqual([full, { id: 'CAM-0002', name: 'Quiet', location: { lat: 33.5, lon: -7.6 }, headingDeg: 0, fovDeg: 90, rangeM: 80 }]);
    const geojson = readCameraGeoJson(JSON.stringify(writeCameraGeoJson([full])));
    expect(geojson.records.map((r) => r.value)).toEqual([full]);
  });

  it('takes headers in any order and spelling (snake_case), and names records by line', () => {
    const reading = readCameraCsv('ID,Range_M,name,lat,lon,heading_deg,fov_deg\n\nCAM-1,100,One,33.5,-7.6,90,40\n');
    expect(reading.problems).toEqual([]);
    expect(reading.records).toHaveLength(1);
    expect(reading.records[0]!.where).toBe('lines.3');
    expect(reading.records[0]!.fieldOf('location.lat')).toBe('lines.3.lat');
    expect(reading.records[0]!.value).toEqual({ id: 'CAM-1', rangeM: 100, name: 'One', location: { lat: 33.5, lon: -7.6 }, headingDeg: 90, fovDeg: 40 });
  });

  it('names unknown and missing columns, malformed presets and unclosed quotes', () => {
    expect(readCameraCsv('id,name,colour\n').problems).toEqual([
      { field: 'lines.1.colour', message: expect.stringContaining('is not a known column') as string },
      { field: 'lines.1', message: expect.stringContaining('lacks the column(s) lat, lon, headingDeg, fovDeg, rangeM') as string },
    ]);
    const bad = readCameraCsv('id,name,lat,lon,headingDeg,fovDeg,rangeM,presets\nCAM-1,One,33.5,-7.6,0,40,100,gate=90\nCAM-2,"Two,33.5,-7.6,0,40,100,\n');
    expect(bad.problems.map((p) => p.field)).toEqual(['lines.2.presets', 'lines.3']);
  });

  it('names the first record that is not valid CSV by the line it starts on, and reads nothing after it', () => {
    expect(parseCsv('a,b\n"x\ny"z,1\n3,4\n')).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 2, cells: [], malformed: expect.stringContaining('text after the closing quote') as string },
    ]);
    expect(readCameraCsv('id,name,lat,lon,headingDeg,fovDeg,rangeM\nCAM-1,One,33.5,-7.6,0,40,100\nCAM-2,"Two"s,33.5,-7.6,0,40,100\n').problems).toEqual([
      { field: 'lines.3', message: 'has text after the closing quote of a cell; a quote inside a quoted cell is written twice ("")' },
    ]);
    expect(readCameraCsv('"id,name\n').problems).toEqual([{ field: 'lines.1', message: 'opens a quoted cell that never closes' }]);
  });

  it('takes CR line ends, blanks round quoted cells, and a quote inside an unquoted cell as it is', () => {
    expect(parseCsv('a,b\r  " x " , q"r\r\r3,4')).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 2, cells: [' x ', 'q"r'] },
      { line: 3, cells: [''] },
      { line: 4, cells: ['3', '4'] },
    ]);
  });

  it('refuses a GeoJSON feature without a point', () => {
    const reading = readCameraGeoJson(JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', geometry: { type: 'LineString', coordinates: [] }, properties: {} }] }));
    expect(reading.problems).toEqual([{ field: 'features.0.geometry', message: expect.stringContaining('Point') as string }]);
    expect(readCameraGeoJson('{').problems[0]!.field).toBe('content');
  });
});
