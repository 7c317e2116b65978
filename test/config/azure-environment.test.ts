/**
 * The `azure-environment` input (src/config/azure-config.ts, azure-environment.ts): each cloud
 * azurerm names, the Entra authority, default audience and Resource Manager scope it brings, and
 * odd values refused naming the input, the value and the good values.
 */
import { InputReader } from '../../src/inputs/input-reader.js';
import { readAzureConfig } from '../../src/config/azure-config.js';

const GUID = '11111111-2222-3333-4444-555555555555';
/** What the runner passes for inputs the workflow leaves out: action.yml's defaults. */
const DEFAULTS = { 'azure-audience': 'api://AzureADTokenExchange', 'azure-environment': 'public' };

function read(inputs: Record<string, string>) {
  const all: Record<string, string> = { ...DEFAULTS, ...inputs };
  const reader = new InputReader((name) => all[name] ?? '');
  const config = readAzureConfig(reader);
  return { config, problems: reader.problems.map((p) => p.message) };
}
const azure = (extra: Record<string, string>) =>
  read({ 'azure-client-id': GUID, 'azure-tenant-id': GUID, ...extra });

describe('azure-environment', () => {
  it('is the public cloud by default', () => {
    const { config, problems } = azure({});
    expect(problems).toEqual([]);
    expect(config?.environment).toEqual({
      name: 'public',
      authorityHost: 'https://login.microsoftonline.com',
      tokenExchangeAudience: 'api://AzureADTokenExchange',
      armScope: 'https://management.azure.com/.default',
    });
    expect(config?.audience).toBe('api://AzureADTokenExchange');
  });

  it('brings US Government’s authority, audience and Resource Manager', () => {
    const { config, problems } = azure({ 'azure-environment': 'usgovernment' });
    expect(problems).toEqual([]);
    expect(config?.environment).toEqual({
      name: 'usgovernment',
      authorityHost: 'https://login.microsoftonline.us',
      tokenExchangeAudience: 'api://AzureADTokenExchangeUSGov',
      armScope: 'https://management.usgovcloudapi.net/.default',
    });
    expect(config?.audience).toBe('api://AzureADTokenExchangeUSGov');
  });

  it('brings China’s (21Vianet) authority, audience and Resource Manager', () => {
    const { config, problems } = azure({ 'azure-environment': 'china' });
    expect(problems).toEqual([]);
    expect(config?.environment).toEqual({
      name: 'china',
      authorityHost: 'https://login.chinacloudapi.cn',
      tokenExchangeAudience: 'api://AzureADTokenExchangeChina',
      armScope: 'https://management.chinacloudapi.cn/.default',
    });
    expect(config?.audience).toBe('api://AzureADTokenExchangeChina');
  });

  it('accepts the names in any case', () => {
    expect(azure({ 'azure-environment': 'USGovernment' }).config?.environment.name).toBe(
      'usgovernment',
    );
  });

  it('keeps an azure-audience the workflow chose', () => {
    const { config } = azure({ 'azure-environment': 'china', 'azure-audience': 'api://custom' });
    expect(config?.audience).toBe('api://custom');
    expect(config?.environment.name).toBe('china');
  });

  it('names the cloud’s own audience in the hint for a bad azure-audience', () => {
    expect(
      azure({ 'azure-environment': 'usgovernment', 'azure-audience': 'api://Azure AD' }).problems,
    ).toEqual([
      "Input 'azure-audience' is 'api://Azure AD': contains white space. Use the federated credential's audience, normally 'api://AzureADTokenExchangeUSGov'.",
    ]);
  });
});

describe('azure-environment: odd values', () => {
  it('refuses an unknown cloud naming the input, the value and the good values', () => {
    expect(azure({ 'azure-environment': 'german' }).problems).toEqual([
      "Input 'azure-environment' is 'german': not an Azure cloud azurerm knows. Use one of: 'public', 'usgovernment', 'china'.",
    ]);
  });

  it('points the Azure CLI’s cloud names at azurerm’s', () => {
    expect(azure({ 'azure-environment': 'AzureUSGovernment' }).problems).toEqual([
      "Input 'azure-environment' is 'AzureUSGovernment': another tool's name for a cloud: azurerm (ARM_ENVIRONMENT) calls it 'usgovernment'. Use one of: 'public', 'usgovernment', 'china'.",
    ]);
    expect(azure({ 'azure-environment': 'AzureChinaCloud' }).problems[0]).toContain(
      "calls it 'china'",
    );
  });

  it('refuses azure-environment without azure-client-id, but not its default', () => {
    expect(read({ 'azure-environment': 'china' }).problems).toEqual([
      "Input 'azure-environment' is set but 'azure-client-id' is not. Set 'azure-client-id' and 'azure-tenant-id', or remove 'azure-environment'.",
    ]);
    expect(read({}).problems).toEqual([]);
  });
});
