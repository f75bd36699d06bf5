import { fillPlaceholders, neutralisePlaceholders, placeholder, placeholderSegments } from './placeholders.js';
import { neutraliseHandlebars } from './template-source-check.js';

describe('placeholders', () => {
  it('fills known placeholders in one pass and does not re-scan inserted values', () => {
    const template = `a ${placeholder('NAME')} b ${placeholder('UNSUBSCRIBE_URL')} c __PB_OTHER__`;
    expect(fillPlaceholders(template, { NAME: '__PB_UNSUBSCRIBE_URL__', UNSUBSCRIBE_URL: 'u' })).toBe(
      'a __PB_UNSUBSCRIBE_URL__ b u c __PB_OTHER__',
    );
  });

  it('neutralises placeholder lookalikes in untrusted text', () => {
    expect(fillPlaceholders(neutralisePlaceholders('x __PB_NAME__'), { NAME: 'Anna' })).not.toContain('Anna');
  });
});

describe('neutraliseHandlebars', () => {
  it('keeps the line count and turns values into text, blocks into nothing', () => {
    const source = '<a href="{{url}}">\n{{#if x}}\n{{> teaser}}{{{raw\nvalue}}}\n{{/if}}</a>';
    const result = neutraliseHandlebars(source);
    expect(result).toBe('<a href="x">\n\nx\n\n</a>');
    expect(result.split('\n')).toHaveLength(source.split('\n').length);
  });
});

describe('placeholderSegments', () => {
  it('cuts at known placeholders only and keeps everything else literal', () => {
    const template = `${placeholder('GREETING')} a __PB_OTHER__ b ${placeholder('NAME')}${placeholder('UNSUBSCRIBE_URL')} c`;
    expect(placeholderSegments(template)).toEqual([
      { placeholder: 'GREETING', token: placeholder('GREETING') },
      ' a __PB_OTHER__ b ',
      { placeholder: 'NAME', token: placeholder('NAME') },
      { placeholder: 'UNSUBSCRIBE_URL', token: placeholder('UNSUBSCRIBE_URL') },
      ' c',
    ]);
    expect(placeholderSegments('no placeholders')).toEqual(['no placeholders']);
    expect(placeholderSegments('')).toEqual([]);
  });
});
