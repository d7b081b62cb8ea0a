// LoopFunctions on Azure: one storage account (the task hub's tables, queues and lease/large-payload blobs, plus an
// Azure Files share for the loops' git workspaces) and N `loopfn serve` replicas in a Container Apps environment.
// See README.md in this folder for what was validated here and what was not.

targetScope = 'resourceGroup'

@description('Prefix of every resource name (letters and digits).')
@minLength(3)
@maxLength(12)
param namePrefix string = 'loopfn'

@description('Region of every resource.')
param location string = resourceGroup().location

@description('Container image that runs `loopfn serve` (build it from the Dockerfile at the repository root).')
param image string

@description('Registry login server for a private image (e.g. myregistry.azurecr.io); empty for a public image.')
param registryServer string = ''

@description('Registry user name; empty for a public image.')
param registryUsername string = ''

@description('Registry password or token; empty for a public image.')
@secure()
param registryPassword string = ''

@description('Worker replicas: they share one task hub and take over each other\'s partitions when one dies.')
@minValue(1)
@maxValue(16)
param workerCount int = 3

@description('Function keys for the HTTP API (LoopFunctions__Keys), comma-separated, each at least 16 characters.')
@secure()
@minLength(16)
param functionKeys string

@description('OTLP endpoint for traces and metrics (OTEL_EXPORTER_OTLP_ENDPOINT); empty sends nothing.')
param otlpEndpoint string = ''

@description('Create a container with anonymous blob read access for public publishes. Off by default: the account then allows no public blob access at all.')
param enablePublicContainer bool = false

@description('Name of that public container.')
param publicContainerName string = 'public'

@description('CPU cores per replica.')
param cpu string = '1.0'

@description('Memory per replica.')
param memory string = '2Gi'

var suffix = uniqueString(resourceGroup().id, namePrefix)
var storageName = take(toLower('${namePrefix}${suffix}'), 24)
var workspaceShare = 'workspaces'

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
    allowBlobPublicAccess: enablePublicContainer
    // The provider authenticates with the connection string (account key); see README.md.
    allowSharedKeyAccess: true
    accessTier: 'Hot'
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

resource publicContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = if (enablePublicContainer) {
  parent: blobService
  name: publicContainerName
  properties: {
    publicAccess: 'Blob'
  }
}

resource fileService 'Microsoft.Storage/storageAccounts/fileServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

resource share 'Microsoft.Storage/storageAccounts/fileServices/shares@2023-05-01' = {
  parent: fileService
  name: workspaceShare
  properties: {
    shareQuota: 100
  }
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

resource environment 'Microsoft.App/managedEnvironments@2024-03-01' = {
  name: '${namePrefix}-env-${suffix}'
  location: location
  properties: {
    appLogsConfiguration: {
      destination: 'log-analytics'
      logAnalyticsConfiguration: {
        customerId: logs.properties.customerId
        sharedKey: logs.listKeys().primarySharedKey
      }
    }
  }
}

// Every activity of a run may land on a different replica, so the git workspaces must be shared by all of them.
resource environmentStorage 'Microsoft.App/managedEnvironments/storages@2024-03-01' = {
  parent: environment
  name: workspaceShare
  properties: {
    azureFile: {
      accountName: storage.name
      accountKey: storage.listKeys().keys[0].value
      shareName: share.name
      accessMode: 'ReadWrite'
    }
  }
}

var connectionString = 'DefaultEndpointsProtocol=https;AccountName=${storage.name};AccountKey=${storage.listKeys().keys[0].value};EndpointSuffix=${az.environment().suffixes.storage}'
var usesRegistry = !empty(registryServer)

var baseSecrets = [
  {
    name: 'azurewebjobsstorage'
    value: connectionString
  }
  {
    name: 'function-keys'
    value: functionKeys
  }
]
var registrySecrets = usesRegistry ? [
  {
    name: 'registry-password'
    value: registryPassword
  }
] : []

var baseEnv = [
  {
    name: 'AzureWebJobsStorage'
    secretRef: 'azurewebjobsstorage'
  }
  {
    name: 'LoopFunctions__Keys'
    secretRef: 'function-keys'
  }
  {
    name: 'LoopFunctions__WorkRoot'
    value: '/mnt/workspaces'
  }
  {
    name: 'LOOPFN_URLS'
    value: 'http://0.0.0.0:8080'
  }
]
var otelEnv = empty(otlpEndpoint) ? [] : [
  {
    name: 'OTEL_EXPORTER_OTLP_ENDPOINT'
    value: otlpEndpoint
  }
  {
    name: 'OTEL_SERVICE_NAME'
    value: 'loopfn'
  }
]

resource workers 'Microsoft.App/containerApps@2024-03-01' = {
  name: '${namePrefix}-workers'
  location: location
  dependsOn: [
    environmentStorage
  ]
  properties: {
    managedEnvironmentId: environment.id
    configuration: {
      activeRevisionsMode: 'Single'
      ingress: {
        external: true
        targetPort: 8080
        transport: 'http'
        allowInsecure: false
      }
      secrets: concat(baseSecrets, registrySecrets)
      registries: usesRegistry ? [
        {
          server: registryServer
          username: registryUsername
          passwordSecretRef: 'registry-password'
        }
      ] : []
    }
    template: {
      containers: [
        {
          name: 'loopfn'
          image: image
          resources: {
            cpu: json(cpu)
            memory: memory
          }
          env: concat(baseEnv, otelEnv)
          volumeMounts: [
            {
              volumeName: 'workspaces'
              mountPath: '/mnt/workspaces'
            }
          ]
          probes: [
            {
              // TCP, not HTTP: with function keys set, the HTTP routes answer 401 to an unauthenticated probe.
              type: 'Liveness'
              tcpSocket: {
                port: 8080
              }
              initialDelaySeconds: 10
              periodSeconds: 30
            }
          ]
        }
      ]
      volumes: [
        {
          name: 'workspaces'
          storageType: 'AzureFile'
          storageName: workspaceShare
        }
      ]
      // A fixed worker count: partitions are leased by live replicas, so scaling to zero would stop every loop.
      scale: {
        minReplicas: workerCount
        maxReplicas: workerCount
      }
    }
  }
}

@description('The storage account that holds the task hub.')
output storageAccountName string = storage.name

@description('Base address of the HTTP API and dashboard.')
output url string = 'https://${workers.properties.configuration.ingress.fqdn}'

@description('Anonymous-read container for public publishes, when enabled.')
output publicContainerUrl string = enablePublicContainer ? '${storage.properties.primaryEndpoints.blob}${publicContainerName}' : ''
