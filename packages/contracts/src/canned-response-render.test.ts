import { describe, expect, it } from 'vitest';
import { renderCannedResponse, unfilledCannedResponseVariables } from './canned-response-render.ts';

describe('renderCannedResponse', () => {
  const vars = {
    'customer.name': '李雷',
    'customer.email': 'li@example.com',
    'agent.name': 'Anna',
    'conversation.id': 1042,
  };

  it('fills every known variable, with or without spaces inside the braces', () => {
    expect(
      renderCannedResponse(
        'Hi {{customer.name}} ({{ customer.email }}), {{agent.name}} here about #{{conversation.id}}.',
        vars,
      ),
    ).toBe('Hi 李雷 (li@example.com), Anna here about #1042.');
  });

  it('leaves unknown variables and ones without a value visible', () => {
    expect(
      renderCannedResponse('{{order.id}} {{customer.name}} {{agent.name}}', {
        'customer.name': '  ',
        'agent.name': null,
      }),
    ).toBe('{{order.id}} {{customer.name}} {{agent.name}}');
    expect(renderCannedResponse('{{constructor}} {{__proto__}} {{toString}}', vars)).toBe(
      '{{constructor}} {{__proto__}} {{toString}}',
    );
  });

  it('inserts values as text: no second expansion, no replacement patterns, no HTML escaping', () => {
    expect(
      renderCannedResponse('Hi {{customer.name}}!', { 'customer.name': '{{agent.name}} $& $1' }),
    ).toBe('Hi {{agent.name}} $& $1!');
    expect(
      renderCannedResponse('{{customer.name}}', {
        'customer.name': '<img src=x onerror=alert(1)>',
      }),
    ).toBe('<img src=x onerror=alert(1)>');
  });

  it('leaves text without variables, and broken braces, unchanged', () => {
    for (const text of ['plain', '{{ }}', '{customer.name}', '{{customer.name', '{{a b}}'])
      expect(renderCannedResponse(text, vars)).toBe(text);
  });

  it('lists the placeholders left unfilled, once each', () => {
    expect(
      unfilledCannedResponseVariables('{{order}} {{agent.name}} {{order}} {{customer.name}}', {
        'customer.name': 'Li',
      }),
    ).toEqual(['order', 'agent.name']);
  });
});
