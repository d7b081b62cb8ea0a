// LoopFunctions as an Azure Durable Functions app (src/LoopFunctions.Functions, .NET 10 isolated worker) on an Elastic
// Premium plan: the Function App with a user-assigned identity, its storage account (task hub, identity-based
// AzureWebJobsStorage), an Azure Files share for the loops' git workspaces, a Key Vault whose secrets reach the app as
// Key Vault references (model keys, GitHub token and webhook secret, publish settings), and Application Insights.
// See infra/README.md ("Function App") for the plan choice, what was validated here and what was not.

targetScope = 'resourceGroup'

@description('Prefix of every resource name (letters and digits).')
@minLength(3)
@maxLength(12)
param namePrefix string = 'loopfn'

@description('Region of every resource.')
param location string = resourceGroup().location

@description('Container image of the app (built from infra/functions.Dockerfile: the Functions .NET isolated image plus git). Empty: a code deployment (func azure functionapp publish / zip deploy) on the platform image, whose tools are not under our control; see README.')
param containerImage string = ''

@description('Registry login server for a private image (e.g. myregistry.azurecr.io); empty for a public image or a code deployment.')
param registryServer string = ''

@description('Registry user name; empty for a public image.')
param registryUsername string = ''

@description('Registry password or token, stored in Key Vault; empty for a public image.')
@secure()
param registryPassword string = ''

@description('Elastic Premium size: EP1 (1 core, 3.5 GB), EP2 or EP3.')
@allowed([
  'EP1'
  'EP2'
  'EP3'
])
param planSku string = 'EP1'

@description('Always-ready instances: at least one keeps timers, durable timers and long agent steps on a warm worker.')
@minValue(1)
@maxValue(20)
param alwaysReadyInstances int = 1

@description('Most instances the app scales out to.')
@minValue(1)
@maxValue(100)
param maximumInstances int = 10

@description('OpenAI API key (OPENAI_API_KEY) for loops with agent.kind openai; stored in Key Vault. Empty: not set.')
@secure()
param openAiApiKey string = ''

@description('Azure OpenAI API key (AZURE_OPENAI_API_KEY); stored in Key Vault. Empty: not set.')
@secure()
param azureOpenAiApiKey string = ''

@description('Azure OpenAI endpoint (AZURE_OPENAI_ENDPOINT), e.g. https://my-resource.openai.azure.com/. Empty: not set.')
param azureOpenAiEndpoint string = ''

@description('GitHub token for pushes and pull requests (GITHUB_TOKEN); stored in Key Vault. Empty: not set.')
@secure()
param githubToken string = ''

@description('Secret of the GitHub webhook (LoopFunctions__GitHub__WebhookSecret); stored in Key Vault. Empty: the GitHub webhook refuses every delivery.')
@secure()
param githubWebhookSecret string = ''

@description('Key that signs published provenance records (LoopFunctions__Publish__SigningKey); stored in Key Vault. Empty: publishing loops fail their publish step, naming the setting.')
@secure()
param publishSigningKey string = ''

@description('What a timer does with occurrences missed while the app was down: run-latest or skip (LoopFunctions__Schedules__PastDue).')
@allowed([
  'run-latest'
  'skip'
])
param pastDuePolicy string = 'run-latest'

var suffix = uniqueString(resourceGroup().id, namePrefix)
var storageName = take(toLower('${namePrefix}fn${suffix}'), 24)
var appName = '${namePrefix}-func-${suffix}'
var vaultName = take('${namePrefix}kv${suffix}', 24)
var workspaceShare = 'workspaces'
var contentShare = toLower(appName)
var usesContainer = !empty(containerImage)

// Built-in role definitions the app's identity needs on the storage account (task hub and host) and on the vault.
var storageBlobDataOwner = 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
var storageQueueDataContributor = '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
var storageTableDataContributor = '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
var keyVaultSecretsUser = '4633458b-17de-408a-b874-0445c86b69e6'

// The app's identity exists, and holds its roles, before the app does: the app's first start already reads Key Vault
// references and the task hub with it. A system-assigned identity is only created with the app, so its roles would be
// granted after the app had started (and the first deployment can fail resolving a reference).
resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: '${namePrefix}-func-id-${suffix}'
  location: location
}

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: storageName
  location: location
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    allowBlobPublicAccess: false
    // The runtime reaches the task hub with the app's identity; the account key is still needed by what cannot use
    // one: the Azure Files mount of the workspaces, the content share of a code deployment, and SAS links of publish.
    allowSharedKeyAccess: true
  }
}

resource fileService 'Microsoft.Storage/storageAccounts/fileServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

resource workspaces 'Microsoft.Storage/storageAccounts/fileServices/shares@2023-05-01' = {
  parent: fileService
  name: workspaceShare
  properties: {
    shareQuota: 100
  }
}

resource content 'Microsoft.Storage/storageAccounts/fileServices/shares@2023-05-01' = if (!usesContainer) {
  parent: fileService
  name: contentShare
}

resource logs 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: '${namePrefix}-logs-${suffix}'
  location: location
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: 30
  }
}

resource insights 'Microsoft.Insights/components@2020-02-02' = {
  name: '${namePrefix}-ai-${suffix}'
  location: location
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: logs.id
  }
}

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: vaultName
  location: location
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 7
  }
}

var storageConnection = 'DefaultEndpointsProtocol=https;AccountName=${storage.name};AccountKey=${storage.listKeys().keys[0].value};EndpointSuffix=${environment().suffixes.storage}'

// The account's connection string (with its key) for publish SAS links and a code deployment's content share.
resource publishConnection 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'publish-connection'
  properties: {
    value: storageConnection
  }
}

// The optional secrets, each only when given. Names are Key Vault secret names, settings the app settings that reference them.
var secrets = concat(
  empty(openAiApiKey) ? [] : [
    {
      name: 'openai-api-key'
      value: openAiApiKey
      setting: 'OPENAI_API_KEY'
    }
  ],
  empty(azureOpenAiApiKey) ? [] : [
    {
      name: 'azure-openai-api-key'
      value: azureOpenAiApiKey
      setting: 'AZURE_OPENAI_API_KEY'
    }
  ],
  empty(githubToken) ? [] : [
    {
      name: 'github-token'
      value: githubToken
      setting: 'GITHUB_TOKEN'
    }
  ],
  empty(githubWebhookSecret) ? [] : [
    {
      name: 'github-webhook-secret'
      value: githubWebhookSecret
      setting: 'LoopFunctions__GitHub__WebhookSecret'
    }
  ],
  empty(publishSigningKey) ? [] : [
    {
      name: 'publish-signing-key'
      value: publishSigningKey
      setting: 'LoopFunctions__Publish__SigningKey'
    }
  ],
  empty(registryPassword) ? [] : [
    {
      name: 'registry-password'
      value: registryPassword
      setting: 'DOCKER_REGISTRY_SERVER_PASSWORD'
    }
  ]
)

resource vaultSecrets 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = [for secret in secrets: {
  parent: vault
  name: secret.name
  properties: {
    value: secret.value
  }
}]

resource plan 'Microsoft.Web/serverfarms@2023-12-01' = {
  name: '${namePrefix}-plan-${suffix}'
  location: location
  kind: 'elastic'
  sku: {
    name: planSku
    tier: 'ElasticPremium'
  }
  properties: {
    reserved: true
    maximumElasticWorkerCount: maximumInstances
  }
}

var baseSettings = [
  {
    name: 'FUNCTIONS_EXTENSION_VERSION'
    value: '~4'
  }
  {
    name: 'FUNCTIONS_WORKER_RUNTIME'
    value: 'dotnet-isolated'
  }
  {
    // Identity-based host storage: the runtime and the Durable Task Azure Storage provider use the app's identity.
    name: 'AzureWebJobsStorage__accountName'
    value: storage.name
  }
  {
    name: 'AzureWebJobsStorage__credential'
    value: 'managedidentity'
  }
  {
    // A user-assigned identity is named by its client id; without it the runtime looks for a system-assigned one.
    name: 'AzureWebJobsStorage__clientId'
    value: identity.properties.clientId
  }
  {
    name: 'APPLICATIONINSIGHTS_CONNECTION_STRING'
    value: insights.properties.ConnectionString
  }
  {
    // Every activity of a run may land on another instance: the clones live on the shared mount.
    name: 'LoopFunctions__WorkRoot'
    value: '/mnt/workspaces'
  }
  {
    name: 'LoopFunctions__Schedules__PastDue'
    value: pastDuePolicy
  }
  // The scale-out settings loopfn serve defaults to (README, "Scale-out settings"): on Durable Functions' 5-minute
  // defaults every partition move holds runs back up to 5 minutes. App settings rather than host.json, which the app
  // shares with loopfn serve on SQLite.
  {
    name: 'AzureFunctionsJobHost__extensions__durableTask__storageProvider__controlQueueVisibilityTimeout'
    value: '00:02:00'
  }
  {
    name: 'AzureFunctionsJobHost__extensions__durableTask__storageProvider__workItemQueueVisibilityTimeout'
    value: '00:01:00'
  }
  {
    name: 'AzureFunctionsJobHost__extensions__durableTask__storageProvider__controlQueueBufferThreshold'
    value: '64'
  }
]

var endpointSettings = empty(azureOpenAiEndpoint) ? [] : [
  {
    name: 'AZURE_OPENAI_ENDPOINT'
    value: azureOpenAiEndpoint
  }
]

var secretSettings = concat(
  [
    {
      name: 'LoopFunctions__Publish__Connection'
      value: '@Microsoft.KeyVault(VaultName=${vault.name};SecretName=${publishConnection.name})'
    }
  ],
  map(secrets, secret => {
    name: secret.setting
    value: '@Microsoft.KeyVault(VaultName=${vault.name};SecretName=${secret.name})'
  })
)

var codeSettings = usesContainer ? [] : [
  {
    // The content share of a code deployment on Elastic Premium takes a connection string; identities are not supported there.
    name: 'WEBSITE_CONTENTAZUREFILECONNECTIONSTRING'
    value: '@Microsoft.KeyVault(VaultName=${vault.name};SecretName=${publishConnection.name})'
  }
  {
    name: 'WEBSITE_CONTENTSHARE'
    value: contentShare
  }
  {
    // The platform validates the content share while it creates the app, before any Key Vault reference is resolved,
    // so a referenced connection string fails that check; the share is created by this template (content) instead.
    name: 'WEBSITE_SKIP_CONTENTSHARE_VALIDATION'
    value: '1'
  }
]

var containerSettings = !usesContainer ? [] : concat(
  [
    {
      name: 'WEBSITES_ENABLE_APP_SERVICE_STORAGE'
      value: 'false'
    }
  ],
  empty(registryServer) ? [] : [
    {
      name: 'DOCKER_REGISTRY_SERVER_URL'
      value: 'https://${registryServer}'
    }
    {
      name: 'DOCKER_REGISTRY_SERVER_USERNAME'
      value: registryUsername
    }
  ]
)

resource app 'Microsoft.Web/sites@2023-12-01' = {
  name: appName
  location: location
  kind: usesContainer ? 'functionapp,linux,container' : 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identity.id}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    keyVaultReferenceIdentity: identity.id
    siteConfig: {
      linuxFxVersion: usesContainer ? 'DOCKER|${containerImage}' : 'DOTNET-ISOLATED|10.0'
      minimumElasticInstanceCount: alwaysReadyInstances
      functionAppScaleLimit: maximumInstances
      ftpsState: 'Disabled'
      minTlsVersion: '1.2'
      appSettings: concat(baseSettings, endpointSettings, secretSettings, codeSettings, containerSettings)
    }
  }
  // The secrets and the roles first: the app reads its Key Vault references and the task hub as soon as it exists.
  dependsOn: [
    vaultSecrets
    content
    vaultRole
    storageRoles
  ]
}

// The shared workspaces folder, mounted on every instance (Azure Files mounts take the account key).
resource mounts 'Microsoft.Web/sites/config@2023-12-01' = {
  parent: app
  name: 'azurestorageaccounts'
  properties: {
    workspaces: {
      type: 'AzureFiles'
      accountName: storage.name
      shareName: workspaces.name
      mountPath: '/mnt/workspaces'
      accessKey: storage.listKeys().keys[0].value
    }
  }
}

resource storageRoles 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for role in [storageBlobDataOwner, storageQueueDataContributor, storageTableDataContributor]: {
  name: guid(storage.id, identity.id, role)
  scope: storage
  properties: {
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', role)
  }
}]

resource vaultRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, identity.id, keyVaultSecretsUser)
  scope: vault
  properties: {
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsUser)
  }
}

@description('The Function App (for func azure functionapp publish).')
output functionAppName string = app.name

@description('Base address of the HTTP starters and webhooks (routes under /api).')
output url string = 'https://${app.properties.defaultHostName}'

@description('The storage account that holds the task hub (for the Durable Functions Monitor).')
output storageAccountName string = storage.name

@description('The Key Vault holding the app\'s secrets.')
output keyVaultName string = vault.name
